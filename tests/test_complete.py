"""Completion that knows the data, and --show-completion SHELL."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipetrack.cli.main import app


def complete(folder, line: str) -> str:
    env = {
        "_PIPETRACK_COMPLETE": "complete_zsh",
        "_TYPER_COMPLETE_ARGS": f"pipetrack --data {folder.root} {line}",
    }
    return CliRunner().invoke(app, [], env=env, prog_name="pipetrack").stdout


@pytest.fixture
def data(folder):
    folder.account("acme", "name: Acme Printing\n")
    folder.contact("wang", "name: 王经理\nowner: li-na\n")
    folder.contact("wu", "name: Wu Fang\nowner: zhang-wei\n")
    folder.contact("broken", "name: [unclosed\n")  # never parsed for completion: still listed
    return folder


@pytest.mark.parametrize(
    ("line", "shown", "hidden"),
    [
        ("move w", ['"wang":"王经理"', '"wu":"Wu Fang"'], ["broken"]),
        ("show 王", ['"王经理":"wang"'], ["wu"]),
        ("move wang fi", ['"first-meeting":"first-meeting"', '"first_meeting":"first-meeting"'], ["closed"]),
        ("move wang 成", ['"成交":"closed"'], []),
        ("pipeline --owner ", ['"li-na"', '"zhang-wei"'], []),
        ("funnel --week ", ['"this":"this week"', '"-1":"last week"', '"-2":"the week before"'], []),
        ("set wang 预", ['"预算合理=":"criteria.budget"'], ["signed"]),  # the method's term first
        ("set wang sig", ['"signed=":"signed"', '"signing_date=":"criteria.signing_date"'], []),
        ("set wang crit", ['"criteria.budget=":"criteria.budget"'], ["signed"]),
        ("set --account acme ti", ['"tier="'], ["title"]),
        ("unset wang crit", ['"criteria.budget":"criteria.budget"'], ["criteria.budget="]),
        ("add contact X --account a", ['"acme":"Acme Printing"'], []),
    ],
)
def test_completion_knows_the_data(data, line, shown, hidden):
    out = complete(data, line)
    for text in shown:
        assert text in out, out
    for text in hidden:
        assert text not in out, out


def test_completion_outside_a_folder_completes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"_PIPETRACK_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "pipetrack move w"}
    result = CliRunner().invoke(app, [], env=env, prog_name="pipetrack")
    assert "Traceback" not in result.output
    assert '"w' not in result.stdout


@pytest.mark.parametrize(
    ("shell", "first"),
    [
        ("zsh", "#compdef pipetrack"),
        ("bash", "_pipetrack_completion() {"),
        ("fish", "complete --command pipetrack"),
    ],
)
def test_show_completion_prints_the_named_shells_script(shell, first):
    """Defect: `--show-completion zsh` printed the bash script."""
    result = CliRunner().invoke(app, ["--show-completion", shell], prog_name="pipetrack")
    assert result.exit_code == 0
    assert result.stdout.startswith(first)
