"""Item-9 defects: usage errors are one line naming the option, help has no Python
types and one metavar style, `check` refuses paths that are not data files."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from pipetrack.cli.main import app


@pytest.mark.parametrize(
    "args, line",
    [
        (["show", "wang", "--format", "csv"], "error: --format: 'csv' is not one of 'table', 'json'."),
        (["plan", "--deals", "-3"], "error: --deals: Input should be greater than or equal to 0"),
        (["pipeline", "--bogus"], "error: No such option: --bogus"),
        (["--bogus", "pipeline"], "error: No such option: --bogus"),
        (["show"], "error: CONTACT: missing"),
        (["move", "wang"], "error: STAGE: missing"),
        (["list", "somewhere"], "error: WHAT: 'somewhere' is not one of 'contacts', 'accounts'."),
        (["agenda", "--days", "0"], "error: --days: Input should be greater than or equal to 1"),
    ],
)
def test_usage_errors_are_one_line_naming_the_option(example_dir, args, line):
    result = CliRunner().invoke(app, ["--data", str(example_dir), "--today", "2026-11-23", *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(line), lines[0]
    assert "╭" not in result.stderr and "Usage:" not in result.stderr


COMMANDS = [
    [],
    ["show"],
    ["plan"],
    ["check"],
    ["pipeline"],
    ["list"],
    ["agenda"],
    ["import"],
    ["export"],
    ["add", "contact"],
    ["report", "weekly"],
    ["account"],
]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_python_types_and_capital_argument_names(command):
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    for python in ("<bool>", "<float", "<int", "<str>", "<list[", "<Path>", "range>"):
        assert python not in text, (command, python)
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert "{" not in usage, usage  # CONTACT, not {contact}
    for word in re.findall(r"\[?([A-Za-z_]+)\]?(?:\.\.\.)?$", usage.strip()):
        if word not in ("OPTIONS", "ARGS"):
            assert word.isupper(), usage


@pytest.mark.parametrize("path", ["nothere.yaml", "contacts", "contacts/", "notes.yaml", "contacts/x.txt"])
def test_check_refuses_a_path_that_is_not_a_data_file(example_dir, path, monkeypatch, tmp_path):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(example_dir, root)
    (root / "notes.yaml").write_text("a: 1\n")
    (root / "contacts" / "x.txt").write_text("hi\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["--today", "2026-11-23", "check", path])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("error: check: ")
    assert "files checked" not in result.stderr


def test_check_of_a_data_file_still_works(example_dir, monkeypatch):
    monkeypatch.chdir(example_dir)
    result = CliRunner().invoke(app, ["--today", "2026-11-23", "check", "contacts/wang-jingli.yaml"])
    assert result.exit_code == 0, result.output
    assert "1 files checked" in result.stderr
