"""Benchmark the citation engine: a seeded 2,000-entry .bib formatted in every style and export.

    python bench/cite_bench.py [--n 2000] [--seed 7] [--json-out FILE]

The entries cover every entry type the engine supports (and the subtypes: newspaper, blog, preprint,
the three legal kinds), with shared surnames and years so that name disambiguation and year suffixes
have real work to do. Each style formats every entry once from a freshly parsed bibliography (as a
build does: parsing is not timed, disambiguation and formatting are). Prints a table, then JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.cite import export_bibtex, export_csl_json, export_ris, format_reference, parse_bibliography  # noqa: E402
from generator.cite.bibliography import Bibliography  # noqa: E402
from generator.cite.latex import unicode  # noqa: E402
from generator.problems import Problems  # noqa: E402

STYLES = ("apa", "chicago", "harvard", "oscola")
EXPORTS: dict[str, Callable[[Bibliography], str]] = {"bibtex": export_bibtex, "ris": export_ris,
                                                     "csl-json": export_csl_json}
# Few surnames, many given names: collisions that need initials, more names or year suffixes.
FAMILIES = ["Smith", "Lee", "Garc{\\'\\i}a", "Chen", "M{\\\"u}ller", "van den Berg", "O'Neil", "Nguyen", "Okafor",
            "Kowalski", "Silver", "Brown", "Heim", "Ord", "Sevilla"]
GIVENS = ["Anna", "John", "Jane", "Li", "Ji-woo", "Jean-Paul", "Quoc V.", "Tom", "Marie", "{\\L}ukasz", "Ada", "Bo"]
WORDS = ["Scaling", "Compute", "Thresholds", "Inference", "Governance", "{AI}", "Models", "Risk", "Evaluation",
         "Frontier", "Accounting", "Reasoning", "Search", "Policy", "{LLM}", "Agents", "Safety", "Chips"]
ORGS = ["{{National Institute of Standards and Technology}}", "{{Epoch AI}}", "{{Centre for the Governance of AI}}"]
TYPES = ["article", "newspaper", "preprint", "inproceedings", "book", "incollection", "techreport", "online",
         "blog", "phdthesis", "mastersthesis", "misc", "unpublished", "manual", "booklet", "inbook", "proceedings",
         "legislation", "regulation", "bill"]


def person(rng: random.Random) -> str:
    family = rng.choice(FAMILIES)
    suffix = ", Jr." if rng.random() < 0.02 else ""
    return f"{family}{suffix}, {rng.choice(GIVENS)}"


def authors(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(ORGS)
    count = rng.choice([1, 1, 2, 2, 3, 4, 5, 8, 25])
    return " and ".join(person(rng) for _ in range(count))


def title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(3, 7))
    return " ".join(words) + (": " + " ".join(rng.sample(WORDS, 2)) if rng.random() < 0.3 else "")


def entry(index: int, rng: random.Random) -> str:
    kind = TYPES[index % len(TYPES)]
    year = rng.randint(2015, 2025)
    fields: dict[str, str] = {"title": title(rng)}
    if rng.random() > 0.03:  # a few undated works: n.d.
        fields["year"] = str(year)
    entry_type = kind
    if kind in ("legislation", "regulation", "bill"):
        entry_type = "legislation"
        fields["title"] = "{" + fields["title"] + " Act}"
        fields["shorttitle"] = "{" + rng.choice(WORDS).strip("{}") + " Act}"
        fields["year"] = str(year)
        if kind == "regulation":
            fields.update(entrysubtype="regulation", type="{Exec. Order}", number=str(14000 + index),
                          journal="{Fed. Reg.}", volume=str(80 + index % 9), pages=str(70000 + index))
        elif kind == "bill":
            fields.update(entrysubtype="bill", type="{S.B.}", number=str(index), institution="{California Senate}",
                          session=f"{year}--{year + 1} Reg. Sess.")
        else:
            fields.update(type="{Regulation (EU)}", number=f"{year}/{index}", journal="{OJ L}")
        fields["url"] = f"https://example.org/law/{index}"
    else:
        fields["author"] = authors(rng)
    if kind in ("article", "newspaper"):
        entry_type = "article"
        fields.update(journal=rng.choice(["Nature", "Science", "{The Guardian}", "Journal of {AI} Policy"]),
                      volume=str(rng.randint(1, 600)), number=str(rng.randint(1, 12)),
                      pages=f"{(p := rng.randint(1, 900))}--{p + rng.randint(1, 30)}", doi=f"10.1000/x{index}")
        if kind == "newspaper":
            fields.update(entrysubtype="newspaper", month=rng.choice(["jan", "jun", "oct"]),
                          day=str(rng.randint(1, 28)), url=f"https://news.example.org/{index}",
                          urldate="2026-01-15")
    elif kind == "preprint":
        entry_type = "misc"
        fields.update(eprint=f"24{index:02d}.{index:05d}", archiveprefix="arXiv", primaryclass="cs.LG",
                      publisher="arXiv", doi=f"10.48550/arXiv.24{index:02d}.{index:05d}")
    elif kind in ("inproceedings", "incollection", "inbook"):
        fields.update(booktitle="Proceedings of " + title(rng), publisher="{PMLR}", pages=f"{index}--{index + 12}")
        if kind != "inproceedings" or rng.random() < 0.5:
            fields["editor"] = " and ".join(person(rng) for _ in range(rng.randint(1, 3)))
    elif kind in ("book", "proceedings", "booklet", "manual"):
        fields.update(publisher=rng.choice(["Oxford University Press", "{MIT} Press"]), address="Oxford")
        if rng.random() < 0.2:
            fields["edition"] = "2nd"
    elif kind == "techreport":
        fields.update(institution=rng.choice(ORGS)[1:-1], type="{Technical report}", number=f"TR-{index}")
    elif kind in ("online", "blog"):
        entry_type = "online"
        fields.update(organization=rng.choice(["Epoch {AI}", "Forethought", "Wikipedia"]),
                      url=f"https://web.example.org/{index}", urldate="2026-01-15")
        if kind == "blog":
            fields["entrysubtype"] = "blog"
        else:
            fields["type"] = "{Wiki article}"
    elif kind in ("phdthesis", "mastersthesis"):
        fields["school"] = "University of Oxford"
    else:
        fields["howpublished"] = "Working paper"
    if "url" not in fields and rng.random() < 0.4:
        fields["url"] = f"https://example.org/{kind}/{index}"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{entry_type}{{e{index:05d},\n{body}\n}}\n"


def generate(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return "\n".join(entry(index, rng) for index in range(n))


def fresh(source: str) -> Bibliography:
    """A newly parsed bibliography with cold caches, so each style pays for its own decoding."""
    unicode.cache_clear()
    problems = Problems()
    bib = parse_bibliography(source, "bench.bib", problems)
    if problems.errors:
        raise SystemExit(f"generated .bib has problems, first: {problems.errors[0]}")
    return bib


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="number of entries (default 2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json-out", type=Path, help="also write the JSON result to this file")
    args = parser.parse_args(argv)

    source = generate(args.n, args.seed)
    start = time.perf_counter()
    bib = fresh(source)
    parse_seconds = time.perf_counter() - start
    rows = [{"style": "(parse)", "seconds": parse_seconds}]
    for style in STYLES:
        bib = fresh(source)
        rows.append({"style": style, "seconds": timed(lambda: [format_reference(bib, key, style) for key in bib.keys])})
    for name, export in EXPORTS.items():
        bib = fresh(source)
        rows.append({"style": name, "seconds": timed(lambda: export(bib))})
    for row in rows:
        row["entries_per_second"] = round(len(bib) / row["seconds"]) if row["seconds"] else None
        row["seconds"] = round(row["seconds"], 4)

    print(f"{len(bib)} entries, seed {args.seed}, Python {platform.python_version()}")
    print(f"{'style':<10} {'seconds':>9} {'entries/s':>10}")
    for row in rows:
        print(f"{row['style']:<10} {row['seconds']:>9.3f} {row['entries_per_second']:>10}")
    result = {"entries": len(bib), "seed": args.seed, "python": platform.python_version(), "results": rows}
    print(json.dumps(result, indent=2))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
