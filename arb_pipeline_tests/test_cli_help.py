"""What a new user reads first: `arb-pipeline --help` in plain text with every option explained
and its default shown, and one clear line when the sandbox's port is taken."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from arb_pipeline.cli import build_parser, main


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _parsers(sub)
    return found


def test_help_is_plain_text_and_every_option_is_explained_with_its_default():
    parsers = _parsers(build_parser())
    assert len(parsers) > 15
    for parser in parsers:
        text = parser.format_help()
        # No reStructuredText: double backquotes and roles read as noise in a terminal.
        assert "``" not in text and ":func:" not in text and ":mod:" not in text, parser.prog
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)) or action.help == argparse.SUPPRESS:
                continue
            assert action.help, f"{parser.prog} {action.dest} has no help text"
            if action.option_strings and action.default not in (None, False):
                assert "default" in parser._get_formatter()._get_help_string(action), f"{parser.prog} {action.dest}"
    shown = next(p for p in parsers if p.prog.endswith(" sandbox")).format_help()
    assert "(default: 8787)" in shown and "(default: 127.0.0.1)" in shown


def test_a_busy_sandbox_port_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.setenv("ARB_HOME", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["sandbox", "--port", str(port), "--key-dir", str(tmp_path / "keys")]) == 2
    error = capsys.readouterr().err
    assert error == (
        f"arb-pipeline sandbox: error: port {port} on 127.0.0.1 is already in use (another sandbox, or another "
        "program): stop it, or choose a free port with --port\n"
    )


def test_the_chosen_log_level_holds_for_libraries_that_set_their_own(tmp_path: Path):
    script = f"""
import logging, socket
from arb_pipeline.cli import main
with socket.socket() as taken:
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    main(["sandbox", "--port", str(taken.getsockname()[1]), "--key-dir", {str(tmp_path / "keys")!r}])
library = logging.getLogger("great_expectations.data_context")
library.setLevel(logging.INFO)
library.info("created a temporary directory")
logging.getLogger("arb_pipeline.demo").warning("kept")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "ARB_HOME": str(tmp_path)})
    assert "kept" in done.stderr and "temporary directory" not in done.stderr, done.stderr


def test_the_overview_names_every_command():
    overview = build_parser().description
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert commands and all(f"arb-pipeline {name}" in overview for name in commands), overview


@pytest.mark.parametrize(
    ("argv", "refused"),
    [
        (["sandbox", "--port", "99999"], "'99999' is not a TCP port (0 to 65535)"),
        (["sandbox", "--size", "0"], "'0' is not a whole number >= 1"),
        (["sandbox", "--tick", "-1"], "'-1' is not a number >= 0"),
        (["stream", "--venue", "kalshi", "--seconds", "-1"], "'-1' is not a number > 0"),
        (["stream", "--venue", "kalshi", "--markets", "0"], "'0' is not a whole number >= 1"),
        (["streamer", "--seconds", "0"], "'0' is not a number > 0"),
        (["streamer", "--seconds", "inf"], "'inf' is not a finite number"),
        (["bench", "stream", "--messages", "-5"], "'-5' is not a whole number >= 1"),
        (["bench", "stream", "--rate", "ten"], "'ten' is not a whole number"),
        (["bench", "stream", "--interval-ms", "nan"], "'nan' is not a finite number"),
        (["demo", "--seconds", "-3"], "'-3' is not a number > 0"),
        (["match-eval", "--limit", "-1"], "'-1' is not a whole number >= 0"),
        (["review", "--limit", "-2"], "'-2' is not a whole number >= 0"),
        (["pnl", "--date", "2026-13-01"], "'2026-13-01' is not a date written YYYY-MM-DD"),
    ],
)
def test_a_value_no_command_can_use_is_refused_before_anything_starts(argv, refused, capsys):
    # The parser refuses it: no sandbox, warehouse or benchmark starts only to fail with a
    # traceback, and a negative --limit never slices a list from its end.
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(argv)
    assert exited.value.code == 2
    assert f"argument {argv[-2]}: {refused}" in capsys.readouterr().err


def test_the_limits_that_mean_something_at_zero_are_accepted():
    parsed = build_parser().parse_args(["sandbox", "--port", "0", "--tick", "0"])
    assert (parsed.port, parsed.tick) == (0, 0.0)
    assert build_parser().parse_args(["review", "--limit", "0"]).limit == 0


def test_a_capture_ends_by_saying_how_to_read_it_back_and_scan_it(tmp_path: Path, capsys):
    from datetime import UTC, datetime

    from arb_pipeline.cli import _print_capture_report
    from arb_pipeline.venues.capture import CaptureReport

    folder = tmp_path / "my capture"
    now = datetime(2026, 12, 7, tzinfo=UTC)
    _print_capture_report(CaptureReport(folder, now, now, 3, 2_000, 1.5, {"kalshi_books": 3}, []))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"captured 3 files (0.0 MB) in 1.5s -> {folder} (complete)"
    assert lines[-2] == f"next: arb-pipeline inspect-capture '{folder}'    (read it back: counts and every problem)"
    assert lines[-1] == f"      arb-pipeline scan --capture '{folder}' --out scan.json    (pairs and opportunities, offline)"
