"""`make bench-serve N=…`: how long an editor waits, in `policywiki serve`, from saving a file to the open page
showing it: serve's reload event received, then the page fetched over HTTP with the change in it.

Scenarios, on the seeded corpus of bench/corpus.py:
- start-up: from launching `serve` to the home page being served, beside a cold `build` (no site, no cache),
  `--startups` times each, interleaved, each after the outputs are cleared and the file system has settled;
- one-word edit and title edit of the first concept, each `--runs` times (median and range), each timed until
  serve's reload event has come and the page fetched after it shows the edit; beside it, until an open home
  page is told to reload, which is when the build is complete ("whole site");
- `--saves K`: K saves of one article 0.5–3 s apart (seeded), each with a new marker word. A save is *served* if
  its marker was fetched before the next save's marker; *superseded* if the next save landed before it was
  served and the newer content was served instead (the newest content wins); *missed* if neither: the editor
  would be looking at a stale page;
- the resident process's peak memory (VmHWM of serve and its children, from /proc).
Prints a table, then JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import article_files, generate  # noqa: E402
from run import clear_outputs  # noqa: E402

POLL_SECONDS = 0.005
GIVE_UP_SECONDS = 60.0


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, test, give_up: float = GIVE_UP_SECONDS) -> float | None:
    """Seconds until a fetch of `url` passes `test`, or None after `give_up` seconds."""
    start = time.perf_counter()
    while time.perf_counter() - start < give_up:
        body = fetch(url)
        if body is not None and test(body):
            return time.perf_counter() - start
        time.sleep(POLL_SECONDS)
    return None


def cold_build(content: Path, work: Path) -> float:
    """Seconds for a cold `policywiki build` (the caller has cleared the site and the cache), as `make bench`
    runs it."""
    cold_out = work / "cold-site"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(content),
                    "--out", str(cold_out), "--templates", str(REPO / "templates")], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "SOURCE_DATE_EPOCH": "1782000000"})
    return time.perf_counter() - started


def start_serve(content: Path, out: Path) -> tuple[subprocess.Popen, str, float]:
    command = [sys.executable, "-m", "generator", "serve", "--content", str(content), "--out", str(out),
               "--templates", str(REPO / "templates"), "--port", "0"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "SOURCE_DATE_EPOCH": "1782000000"}, start_new_session=True)
    for line in process.stdout:
        found = re.search(r" at (http://\S+) ", line)
        if found:
            url = found.group(1)
            break
    else:
        raise SystemExit("bench: serve did not start")
    threading.Thread(target=lambda: process.stdout.read(), daemon=True).start()  # keep its pipe drained
    if wait_for(url, lambda body: b"<html" in body) is None:
        raise SystemExit("bench: serve never served its home page")
    return process, url, time.perf_counter() - started


def stop_serve(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def peak_memory_mib(pid: int) -> float:
    """VmHWM of the process and each of its living children, summed (a child's pages are mostly shared)."""
    total = 0
    for candidate in [pid] + children(pid):
        try:
            status = Path(f"/proc/{candidate}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return total / 1024


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def save(path: Path, text: str) -> float:
    path.write_text(text, encoding="utf-8")
    return time.perf_counter()


def word_edit(path: Path, marker: str) -> str:
    """The article's text with one word of its body replaced by `marker` (and nothing else changed)."""
    front, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    body = re.sub(r"\b(the|mark[a-z0-9]+)\b", marker, body, count=1)
    return front + "\n---\n" + body


def title_edit(path: Path, marker: str) -> str:
    text = path.read_text(encoding="utf-8")
    return re.sub(r"^title: (.*?)( mark[a-z0-9]+)?$", lambda m: f"title: {m.group(1)} {marker}", text, count=1,
                  flags=re.M)


def page_url(url: str, path: Path) -> str:
    return f"{url}wiki/{path.stem}/"


def reload_event(url: str, page: str, body: bytes, give_up: float) -> None:
    """Until serve tells the open page `page` (whose last fetch gave `body`) to reload, as its script listens."""
    found = re.search(rb'data-version="(-?\d+)"', body)
    version = found.group(1).decode() if found else "-1"
    path = urllib.parse.quote(urllib.parse.urlsplit(page).path, safe="")
    with urllib.request.urlopen(f"{url}__policywiki/events?version={version}&page={path}", timeout=give_up) as events:
        for line in events:
            if line.startswith(b"event: reload"):
                return


def reloaded_with(url: str, page: str, marker: str, give_up: float = GIVE_UP_SECONDS) -> bool:
    """As an open page does: listen for serve's reload events, and after each fetch the page again, until it
    shows `marker`. (serve tells the edited page to reload as soon as its build has written it, before the
    pages that list every article: generator/serve.py.)"""
    deadline = time.perf_counter() + give_up
    body = fetch(page) or b""
    while time.perf_counter() < deadline:
        reload_event(url, page, body, give_up)
        body = fetch(page) or b""
        if marker.encode() in body:
            return True
    return False


def timed_edits(url: str, path: Path, edit, runs: int, label: str) -> tuple[list[float], list[float]]:
    """Seconds from each save until an open page has reloaded and shows it, and until the home page, open too,
    is told to reload (the build is complete: the home page is never written early)."""
    times, whole = [], []
    page = page_url(url, path)
    for run in range(runs):
        marker = f"mark{label}{run}x"
        listening = threading.Barrier(3)
        result: dict = {}

        def watch() -> None:
            listening.wait()
            result["ok"] = reloaded_with(url, page, marker)
            result["at"] = time.perf_counter()

        def watch_home() -> None:
            body = fetch(url) or b""
            listening.wait()
            reload_event(url, url, body, GIVE_UP_SECONDS)
            result["home at"] = time.perf_counter()

        watchers = [threading.Thread(target=watch), threading.Thread(target=watch_home)]
        for watcher in watchers:
            watcher.start()
        listening.wait()
        time.sleep(0.05)  # their event streams are open
        saved = save(path, edit(path, marker))
        for watcher in watchers:
            watcher.join()
        if not result["ok"]:
            raise SystemExit(f"bench: the {label} edit {run + 1} was never served")
        times.append(result["at"] - saved)
        whole.append(result["home at"] - saved)
        time.sleep(0.5)
    return times, whole


def save_sequence(url: str, path: Path, saves: int, seed: int) -> dict:
    """`saves` saves 0.5–3 s apart; a poller records when each marker is first served."""
    rng = random.Random(seed)
    markers = [f"marksave{index}x" for index in range(saves)]
    first_seen: dict[str, float] = {}
    done = threading.Event()

    def poll() -> None:
        target = page_url(url, path)
        while not done.is_set():
            body = fetch(target) or b""
            now = time.perf_counter()
            for marker in markers:
                if marker not in first_seen and marker.encode() in body:
                    first_seen[marker] = now
            time.sleep(POLL_SECONDS)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    saved_at = []
    for index, marker in enumerate(markers):
        saved_at.append(save(path, word_edit(path, marker)))
        if index + 1 < saves:
            time.sleep(rng.uniform(0.5, 3.0))
    deadline = time.perf_counter() + GIVE_UP_SECONDS
    while markers[-1] not in first_seen and time.perf_counter() < deadline:
        time.sleep(0.05)
    done.set()
    poller.join()
    served = superseded = missed = 0
    latencies = []
    for index, marker in enumerate(markers):
        seen = first_seen.get(marker)
        next_saved = saved_at[index + 1] if index + 1 < saves else float("inf")
        if seen is not None and seen <= next_saved + 0.5:
            served += 1
            latencies.append(seen - saved_at[index])
        elif seen is None and index + 1 < saves and markers[index + 1] in first_seen:
            superseded += 1
        else:
            missed += 1
    return {"saves": saves, "served": served, "superseded": superseded, "missed": missed,
            "median_s": statistics.median(latencies) if latencies else None,
            "max_s": max(latencies) if latencies else None}


def summary(times: list[float]) -> dict:
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "runs": len(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5, help="edits of each kind (default 5)")
    parser.add_argument("--startups", type=int, default=1,
                        help="start-ups, each after a cold build, interleaved (default 1; 3 for a median)")
    parser.add_argument("--settle", type=float, default=61.0,
                        help="seconds to wait after clearing outputs, before each start-up and cold build (default 61)")
    parser.add_argument("--saves", type=int, default=0, help="also make this many saves 0.5–3 s apart (e.g. 100)")
    parser.add_argument("--work", type=Path, default=REPO / ".cache" / "bench-serve")
    args = parser.parse_args()

    work = args.work / f"n{args.n}-s{args.seed}"
    content, out = work / "content", work / "site"
    if not (work / "corpus.done").exists():
        shutil.rmtree(work, ignore_errors=True)
        generate(args.n, content, args.seed)
        (work / "corpus.done").write_text("")
    edited = article_files(content)[0]
    original = edited.read_text(encoding="utf-8")

    # Start-up beside a cold build, their runs interleaved (cold, serve, cold, serve, …): this machine's speed
    # drifts from minute to minute. Each starts after the outputs of the last are cleared and the file system
    # has settled (bench/run.py `clear_outputs`: files made just after 50,000 were deleted cost twice the time).
    outputs = [out, work / "cold-site", work / ".cache"]
    colds, startups = [], []
    for run in range(args.startups):
        clear_outputs(outputs, args.settle)
        colds.append(cold_build(content, work))
        clear_outputs(outputs, args.settle)
        process, url, startup = start_serve(content, out)
        startups.append(startup)
        if run < args.startups - 1:
            stop_serve(process)
    cold, startup = statistics.median(colds), statistics.median(startups)
    results: dict = {"n": args.n, "cold_build_s": cold, "startup_s": startup, "cold_builds_s": colds,
                     "startups_s": startups}
    try:
        for name, edit in (("word", word_edit), ("title", title_edit)):
            page_times, site_times = timed_edits(url, edited, edit, args.runs, name)
            results[f"{name}_edit"] = summary(page_times) | {"site": summary(site_times)}
        if args.saves:
            results["save_sequence"] = save_sequence(url, edited, args.saves, args.seed)
        results["peak_memory_mib"] = peak_memory_mib(process.pid)
    finally:
        stop_serve(process)
        edited.write_text(original, encoding="utf-8")

    print(f"policywiki bench-serve: N={args.n}, {os.cpu_count()} cores; from a save to the open page reloaded with it")
    print(f"  start-up median {startup:.2f} s (range {min(startups):.2f}–{max(startups):.2f}); a cold build's "
          f"{cold:.2f} s (range {min(colds):.2f}–{max(colds):.2f}); {len(startups)} interleaved runs")
    for name in ("word_edit", "title_edit"):
        figures = results[name]
        site = figures["site"]
        print(f"  {name.replace('_', ' '):<11} median {figures['median_s']:.3f} s "
              f"(range {figures['min_s']:.3f}–{figures['max_s']:.3f}, {figures['runs']} runs); "
              f"whole site {site['median_s']:.3f} s (range {site['min_s']:.3f}–{site['max_s']:.3f})")
    if "save_sequence" in results:
        seq = results["save_sequence"]
        print(f"  {seq['saves']} saves: {seq['served']} served, {seq['superseded']} superseded by a newer save, "
              f"{seq['missed']} missed")
    print(f"  peak memory {results['peak_memory_mib']:.0f} MiB")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
