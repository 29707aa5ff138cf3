"""The build's progress bar and `policywiki build --profile`."""

from __future__ import annotations

import io

from conftest import run_main
from generator.commands.progress import MIN_ITEMS, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_stage_draws_a_bar_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    tick = Progress(terminal).stage("render", MIN_ITEMS)
    for _ in range(MIN_ITEMS):
        tick(1)
    assert terminal.getvalue().endswith(f"] {MIN_ITEMS}/{MIN_ITEMS}\n")
    assert "render" in terminal.getvalue()


def test_the_bar_is_silent_when_not_a_terminal_in_ci_or_for_short_stages(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert Progress(io.StringIO()).stage("render", MIN_ITEMS * 10) is None
    assert Progress(Terminal()).stage("render", MIN_ITEMS - 1) is None
    monkeypatch.setenv("CI", "1")
    assert Progress(Terminal()).stage("render", MIN_ITEMS * 10) is None


def test_build_profile_prints_stage_times_and_saves_the_profile(small_wiki, tmp_path, capsys):
    status, out, err = run_main(capsys, "build", "--content", str(small_wiki), "--out", str(tmp_path / "site"),
                                "--profile", "--jobs", "1")
    assert status == 0, err
    for stage in ("load", "parse", "link", "render", "site pages and search index"):
        assert f"  {stage}" in err
    assert "cumulative" in err
    assert (tmp_path / ".cache" / "policywiki" / "site" / "last-build.prof").is_file()


def test_build_no_cache_leaves_no_cache_behind(small_wiki, tmp_path, capsys):
    status, _, err = run_main(capsys, "build", "--content", str(small_wiki), "--out", str(tmp_path / "site"),
                              "--no-cache")
    assert status == 0, err
    assert not (tmp_path / ".cache").exists()
