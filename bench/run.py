"""`make bench N=…`: our cold, warm, title-edit and one-word-edit builds beside a floor and peers, on one corpus.

The peers (peers.py) are MkDocs, Pelican and Jekyll, each given the same articles in its own layout; each is
timed on a cold build and, when it has a cache, on a rebuild with nothing changed. `--skip-<peer>` leaves one
out; a peer that is not installed is skipped with a line that says why.

Every scenario runs as its own child process under `measure`, which reports wall time, CPU time and the
peak resident set size of the child and everything it waited for (getrusage RUSAGE_CHILDREN). The
corpus and outputs live under .cache/bench/ (git-ignored). Prints a table and then JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import article_files, generate  # noqa: E402
from peers import PEERS  # noqa: E402


def measure(command: list[str]) -> None:
    """Run `command`, then print its wall time, CPU time and peak RSS as JSON (this is the child's parent)."""
    start = time.perf_counter()
    status = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"status": status.returncode, "wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                      "peak_rss_mib": usage.ru_maxrss / 1024, "stderr": status.stderr[-2000:]}))


def run_measured(command: list[str], env: dict | None = None) -> dict:
    """Measure `command` in a fresh process, so that peak RSS belongs to this scenario alone."""
    result = subprocess.run([sys.executable, __file__, "--measure", "--", *command], capture_output=True,
                            text=True, env={**os.environ, **(env or {})}, cwd=REPO)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["status"] != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{figures['stderr']}")
    return figures


def snapshot(site: Path) -> dict[str, tuple[int, str]]:
    """Every file's inode and content hash: a new inode means the build rewrote the file."""
    return {str(p.relative_to(site)): (p.stat().st_ino, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in site.rglob("*") if p.is_file()}


def edit_title(content: Path) -> Path:
    """Change the title of the first concept (every concept has incoming links and related lists)."""
    path = article_files(content)[0]
    text = path.read_text()
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    lines[index] = lines[index] + " (renamed)" if "(renamed)" not in lines[index] else lines[index][:-10]
    path.write_text("\n".join(lines))
    return path


def edit_prose(content: Path) -> Path:
    """Change one word of the first concept's body, and nothing that any other page shows of it (run again,
    put it back)."""
    path = article_files(content)[0]
    front, body = path.read_text().split("\n---\n", 1)
    old, new = (" the revised ", " the ") if " the revised " in body else (" the ", " the revised ")
    body = body.replace(old, new, 1)
    path.write_text(front + "\n---\n" + body)
    return path


def measure_edit(name: str, edit, content: Path, site: Path, command: list[str], env: dict, results: dict) -> None:
    """Rebuild after `edit(content)`: its figures, and whether it rewrote exactly the files whose bytes changed.
    Then undo the edit and rebuild, so the corpus and the site are the seeded ones again."""
    before = snapshot(site)
    edited = edit(content)
    results[name] = run_measured(command, env)
    after = snapshot(site)
    edit(content)
    rewritten = sorted(p for p in after if before.get(p, (None,))[0] != after[p][0])
    changed = sorted(p for p in after if before.get(p, (None, None))[1] != after[p][1])
    results[name].update({"edited": edited.name, "files_rewritten": len(rewritten),
                          "files_changed": len(changed), "rewritten_exactly_changed": rewritten == changed})
    run_measured(command, env)


def clear_outputs(paths: list[Path], settle: float, deleted_already: bool = False) -> None:
    """Delete the last run's outputs before measuring anything, then let the file system settle.

    ext4 without a journal (the root file system of the machine the README's figures come from) avoids reusing
    an inode freed in the last minute: each new file's allocation scans past the recently freed inodes of its
    block group. Deleting the last run's 50,000 files just before a cold build at 10,000 articles doubled that
    build's system time (14.5 s against 6.4 s with the old outputs moved aside, in back-to-back runs), and the
    floor and MkDocs, which write fewer files, paid less. So every output is cleared here, at once, and after
    a sync the measurements wait until the freed inodes are a minute old (also after `deleted_already`: a
    half-made corpus deleted before generating it again)."""
    removed = deleted_already
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            removed = True
        elif path.exists():
            path.unlink()
    if removed and settle > 0:
        print(f"bench: waiting {settle:.0f} s for the file system to settle after clearing the last run "
              "(--settle 0 skips this)", file=sys.stderr)
        os.sync()
        time.sleep(settle)


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=REPO / ".cache" / "bench")
    for peer in PEERS:
        parser.add_argument(f"--skip-{peer.name}", action="store_true", help=f"leave {peer.name} out")
    parser.add_argument("--settle", type=float, default=61.0,
                        help="seconds to wait after clearing the last run's outputs (default 61; see clear_outputs)")
    args = parser.parse_args()

    work = args.work / f"n{args.n}-s{args.seed}"
    content, site = work / "content", work / "site"
    half_made = False  # a corpus whose generation was cut short: deleted, then made again
    if not (work / "corpus.done").exists():
        half_made = work.exists()
        shutil.rmtree(work, ignore_errors=True)
        generate(args.n, content, args.seed)
        (work / "corpus.done").write_text("")
    env = {"SOURCE_DATE_EPOCH": "1782000000", "CI": "1"}
    ours = [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(site),
            "--templates", str(REPO / "templates")]
    floor_out = work / "floor"
    peers, skipped = [], {}
    for peer in PEERS:
        reason = "--skip-" + peer.name if getattr(args, f"skip_{peer.name}") else peer.missing()
        if reason:
            skipped[peer.name] = reason
            print(f"bench: skipping {peer.name}: {reason}", file=sys.stderr)
        else:
            peers.append(peer)
            if not (work / peer.name / peer.config).exists():  # written before clearing, so it settles too
                peer.write(content, work / peer.name)
    peer_outputs = [work / peer.name / output for peer in peers for output in peer.outputs]
    clear_outputs([site, work / ".cache", floor_out, *peer_outputs], args.settle, deleted_already=half_made)
    results: dict[str, dict] = {}

    results["startup"] = run_measured([sys.executable, "-c", "import generator.cli, generator.build"], env)
    results["cold"] = run_measured(ours, env)
    results["warm"] = run_measured(ours, env)
    measure_edit("title_edit", edit_title, content, site, ours, env, results)
    measure_edit("prose_edit", edit_prose, content, site, ours, env, results)

    results["floor"] = run_measured([sys.executable, str(HERE / "floor.py"), str(content), str(floor_out)], env)

    for peer in peers:
        results[peer.name] = run_measured(peer.cold(work / peer.name), env)
        if peer.warm:
            results[f"{peer.name}_warm"] = run_measured(peer.cold(work / peer.name), env)

    ratios = {"cold/floor": results["cold"]["wall_s"] / results["floor"]["wall_s"]}
    for peer in peers:
        ratios[f"{peer.name}/cold"] = results[peer.name]["wall_s"] / results["cold"]["wall_s"]
        if peer.warm:
            ratios[f"{peer.name}_warm/warm"] = results[f"{peer.name}_warm"]["wall_s"] / results["warm"]["wall_s"]
    report = {"n": args.n, "seed": args.seed, "machine": machine(),
              "peers": {peer.name: peer.version() for peer in peers}, "skipped": skipped,
              "results": {k: {f: v for f, v in r.items() if f not in ("stderr", "status")} for k, r in results.items()},
              "ratios": ratios}
    print(f"policywiki bench: N={args.n} on {report['machine']['cores']} cores ({report['machine']['cpu']})")
    print(f"{'scenario':<12} {'wall s':>9} {'cpu s':>9} {'peak RSS MiB':>13}")
    for name, figures in results.items():
        print(f"{name:<12} {figures['wall_s']:>9.2f} {figures['cpu_s']:>9.2f} {figures['peak_rss_mib']:>13.0f}")
    for name in ("title_edit", "prose_edit"):
        edit = results[name]
        exactly = "exactly the changed ones" if edit["rewritten_exactly_changed"] else "NOT exactly the changed ones"
        print(f"{name.replace('_', ' ')}: {edit['files_rewritten']} files rewritten, {edit['files_changed']} "
              f"changed ({exactly})")
    for name, value in ratios.items():
        print(f"{name:<19} {value:>9.2f}")
    for peer in peers:
        print(f"{peer.name}: {peer.version()}")
    for name, reason in skipped.items():
        print(f"{name}: skipped: {reason}")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(sys.argv[3:])
    else:
        main()
