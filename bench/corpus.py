"""A seeded synthetic wiki for benchmarks: N valid articles of every kind and a references.bib of N/5 entries.

Each article has ~1,000 words in headed sections, lists, 3–8 wiki links (one always to the next article,
so nothing is an orphan), citations into the bibliography, and every fifth article a table. The same
seed gives the same bytes, so runs are comparable. peers.py lays the same corpus out for MkDocs, Pelican and Jekyll.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

WORDS = (
    "compute threshold inference training model capability governance frontier regulator developer risk "
    "evaluation deployment scaling budget token reasoning policy oversight disclosure report audit safety "
    "benchmark cluster accelerator parameter dataset distillation sampling verifier reward chain thought "
    "estimate order magnitude effective lifetime provision notification obligation jurisdiction statute "
    "agency guidance standard measure quantity floating point operation hardware export control investment"
).split()
FILLER = "the of and to in a for that is on with as by this which are be at from it an or".split()
KINDS = (("concept", 0.6), ("instrument", 0.2), ("topic", 0.2))
SECTIONS = ("Overview", "Background", "Measurement", "Policy relevance", "Open questions", "Examples")
STATUSES = ("in force", "enacted", "proposed", "voluntary")


@dataclass
class Spec:
    slug: str
    kind: str
    title: str


def plan(n: int, rng: random.Random) -> list[Spec]:
    """Slugs, kinds and titles; at least one article of every kind."""
    specs = []
    for i in range(n):
        kind = KINDS[i % 3][0] if i < 3 else rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        words = " ".join(rng.choice(WORDS) for _ in range(3)).title()
        specs.append(Spec(f"{kind}-{i:05d}", kind, f"{words} {i}"))
    return specs


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(FILLER) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, words: int, links: list[str], cites: list[str]) -> str:
    sentences = []
    while words > 0:
        length = rng.randint(8, 20)
        text = sentence(rng, length)
        if links:
            target = links.pop()
            text = text[:-1] + f" as in [[{target}]]." if rng.random() < 0.5 else text[:-1] + f" (see [[{target}|this article]])."
        if cites:
            text = text[:-1] + f" [@{cites.pop()}]."
        sentences.append(text)
        words -= length
    return " ".join(sentences)


def body(spec: Spec, index: int, specs: list[Spec], keys: list[str], rng: random.Random) -> str:
    others = [s.slug for s in rng.sample(specs, min(len(specs), 8)) if s.slug != spec.slug]
    links = [specs[(index + 1) % len(specs)].slug] + others[: rng.randint(2, 7)]
    cites = rng.sample(keys, min(len(keys), rng.randint(2, 5)))
    parts = [paragraph(rng, 90, links, cites)]
    for heading in SECTIONS[: rng.randint(4, 6)]:
        parts.append(f"## {heading}")
        parts.append(paragraph(rng, 110, links, cites))
        if rng.random() < 0.5:
            parts.append("\n".join(f"- {sentence(rng, rng.randint(5, 10))}" for _ in range(rng.randint(3, 5))))
        parts.append(paragraph(rng, 60, links, cites))
    if index % 5 == 0:
        rows = ["| Measure | Value | Note |", "|---|---:|---|"]
        rows += [f"| {rng.choice(WORDS)} | {rng.randint(1, 999)}e{rng.randint(20, 27)} | {sentence(rng, 5)} |"
                 for _ in range(6)]
        parts.append("\n".join(rows))
    parts.append("### Further reading\n\n" + "\n".join(f"1. {sentence(rng, 8)}" for _ in range(3)))
    while links:  # every planned link appears
        parts.append(paragraph(rng, 20, links, cites))
    return "\n\n".join(parts) + "\n"


def front_matter(spec: Spec, specs_by_kind: dict[str, list[Spec]], keys: list[str], rng: random.Random) -> str:
    concepts = [s.slug for s in specs_by_kind["concept"] if s.slug != spec.slug]
    lines = ["---", f"title: {spec.title}", f"kind: {spec.kind}",
             f"summary: {sentence(rng, 14)}", f"published: 2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
             f"category: {rng.choice(WORDS).title()}", f"primary_source: {rng.choice(keys)}"]
    if spec.kind == "concept":
        lines.append(f"related: [{', '.join(rng.sample(concepts, min(3, len(concepts))))}]")
    elif spec.kind == "instrument":
        lines += [f"jurisdiction: {rng.choice(['EU', 'US', 'UK', 'CN'])}", "instrument_type: regulation",
                  f"status: {rng.choice(STATUSES)}", "status_date: 2025-06-01",
                  f"uses: [{', '.join(rng.sample(concepts, min(2, len(concepts))))}]",
                  "thresholds:", f"  - id: {spec.slug}-t1", '    provision: "Art. 1"',
                  "    quantity: training_compute", f"    value: 1e{rng.randint(23, 27)}", "    unit: FLOP",
                  "    scope: general-purpose models", "    effect: notification"]
    else:
        lines.append(f"discusses: [{', '.join(rng.sample(concepts, min(3, len(concepts))))}]")
    return "\n".join(lines + ["---", ""])


def bib_entry(key: str, rng: random.Random) -> str:
    author = f"{rng.choice(WORDS).title()}, {rng.choice('ABCDEFGHJKLMNPRST')}. and {rng.choice(WORDS).title()}, {rng.choice('ABCDEFGH')}."
    title = sentence(rng, 7)[:-1]
    year = rng.randint(2015, 2026)
    if rng.random() < 0.5:
        return (f"@article{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n  journal = {{Journal of "
                f"{rng.choice(WORDS).title()} Studies}},\n  volume = {{{rng.randint(1, 40)}}},\n  pages = "
                f"{{{rng.randint(1, 99)}--{rng.randint(100, 200)}}},\n  year = {{{year}}}\n}}\n")
    return (f"@misc{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n  year = {{{year}}},\n"
            f"  url = {{https://example.org/{key}}}\n}}\n")


SITE_YAML = """title: Benchmark Wiki
base_url: https://bench.example.org/
publisher: Benchmark Editors
licence: CC BY 4.0
language: en
"""


def generate(n: int, out: Path, seed: int = 7) -> Path:
    """Write content/ for `n` articles into `out` (replacing any previous corpus); returns `out`."""
    rng = random.Random(seed)
    specs = plan(n, rng)
    by_kind = {kind: [s for s in specs if s.kind == kind] for kind, _ in KINDS}
    keys = [f"ref{i:05d}" for i in range(max(1, n // 5))]
    out.mkdir(parents=True, exist_ok=True)
    (out / "site.yaml").write_text(SITE_YAML)
    (out / "references.bib").write_text("\n".join(bib_entry(key, rng) for key in keys))
    for folder in ("concepts", "instruments", "topics"):
        (out / folder).mkdir(exist_ok=True)
        for old in (out / folder).glob("*.md"):
            old.unlink()
    for index, spec in enumerate(specs):
        text = front_matter(spec, by_kind, keys, rng) + body(spec, index, specs, keys, rng)
        (out / f"{spec.kind}s" / f"{spec.slug}.md").write_text(text)
    return out


def article_files(content: Path) -> list[Path]:
    return sorted(p for folder in ("concepts", "instruments", "topics") for p in (content / folder).glob("*.md"))


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate a seeded benchmark wiki.")
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
