"""A warm `policywiki build` (nothing changed) decides from the inputs' stats alone: the command line
imports neither the pipeline nor the libraries only a real build needs, so its cost is the interpreter and
a stat of every input. Heavy modules (matplotlib above all) are imported only when used."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import REPO, TEMPLATES, run_cli

# Imported by a real build, never by the up-to-date answer.
HEAVY = ["generator.build", "generator.render.renderer", "generator.cite.api", "generator.threshold.models",
         "jinja2", "markdown_it", "networkx", "pybtex", "pydantic", "yaml", "matplotlib", "latex2mathml"]

PROBE = """
import json, sys
from generator.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "loaded": sorted(m for m in %r if m in sys.modules)}), file=sys.stderr)
"""


def build_in_fresh_process(*args: str) -> tuple[int, list[str], str]:
    """Run the CLI in a new interpreter; (status, which HEAVY modules it ended up importing, stderr)."""
    done = subprocess.run([sys.executable, "-c", PROBE % (HEAVY,), *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["status"], report["loaded"], done.stdout + done.stderr


def test_an_up_to_date_build_answers_without_importing_the_pipeline(small_wiki, tmp_path):
    site = tmp_path / "site"
    args = ("build", "--content", str(small_wiki), "--templates", str(TEMPLATES), "--out", str(site))
    assert run_cli(*args).returncode == 0
    status, loaded, output = build_in_fresh_process(*args)
    assert status == 0 and "site is up to date" in output
    assert loaded == []


def test_a_build_with_a_changed_input_still_builds_after_the_quick_check(small_wiki, tmp_path):
    site = tmp_path / "site"
    args = ("build", "--content", str(small_wiki), "--templates", str(TEMPLATES), "--out", str(site))
    assert run_cli(*args).returncode == 0
    article = next(small_wiki.glob("concepts/*.md"))
    article.write_text(article.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    status, loaded, output = build_in_fresh_process(*args)
    assert status == 0 and "built" in output
    assert "generator.build" in loaded
    assert "Renamed" in (site / "wiki" / article.stem / "index.html").read_text(encoding="utf-8")


def test_matplotlib_is_imported_only_by_a_wiki_that_draws_a_figure(small_wiki, tmp_path):
    """The small wiki has no figure: its whole real build runs without importing matplotlib."""
    site = tmp_path / "site"
    status, loaded, _ = build_in_fresh_process("build", "--content", str(small_wiki), "--templates",
                                               str(TEMPLATES), "--out", str(site), "--jobs", "1")
    assert status == 0
    assert "generator.build" in loaded and "matplotlib" not in loaded


def test_a_command_imports_only_its_own_module_but_help_lists_every_command():
    status, loaded, _ = build_in_fresh_process("compute", "coom", "--tc", "1e24", "--ic", "1e15")
    assert status == 0 and "generator.threshold.models" in loaded and "generator.cite.api" not in loaded
    listing = run_cli("--help").stdout
    for command in ("build", "check", "cite", "compute", "new", "serve"):
        assert command in listing


def test_every_kind_the_new_command_offers_can_be_scaffolded(small_wiki, capsys):
    from generator.cli import main

    with pytest.raises(SystemExit):
        main(["new", "--help"])
    offered = re.search(r"\{([a-z,]+)\}", capsys.readouterr().out)[1].split(",")
    assert len(offered) >= 3
    for kind in offered:
        assert main(["new", kind, f"A new {kind} here", "--content", str(small_wiki)]) == 0
        assert f"/wiki/a-new-{kind}-here/" in capsys.readouterr().out


def test_latex2mathml_is_imported_only_when_a_formula_is_parsed_again(small_wiki, tmp_path):
    """A formula's MathML is part of its article's cached parse: an edit elsewhere converts no LaTeX."""
    site = tmp_path / "site"
    args = ("build", "--content", str(small_wiki), "--templates", str(TEMPLATES), "--out", str(site), "--jobs", "1")
    with_math = small_wiki / "concepts" / "gamma-concept.md"
    with_math.write_text(with_math.read_text(encoding="utf-8") + "\nIt grows as $x^2$.\n", encoding="utf-8")
    status, loaded, _ = build_in_fresh_process(*args)
    assert status == 0 and "latex2mathml" in loaded
    other = small_wiki / "concepts" / "beta-concept.md"
    other.write_text(other.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    status, loaded, _ = build_in_fresh_process(*args)
    assert status == 0 and "generator.build" in loaded and "latex2mathml" not in loaded
    assert "<math" in (site / "wiki" / "gamma-concept" / "index.html").read_text(encoding="utf-8")
