"""A region of several teams: --data repeated (or a region.yaml), each team read on its own."""

from __future__ import annotations

from typer.testing import CliRunner

from pipetrack.cli.main import app


def test_data_with_a_space_from_the_environment(tmp_path, monkeypatch):
    """$PIPETRACK_DATA is one folder, spaces and all (not split like a list option)."""
    root = tmp_path / "my data"
    assert CliRunner().invoke(app, ["init", str(root)], input="\n\n").exit_code == 0
    monkeypatch.setenv("PIPETRACK_DATA", str(root))
    result = CliRunner().invoke(app, ["--today", "2026-11-23", "team", "--format", "json"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert '"rows": []' in result.stdout


def test_several_folders_only_for_the_region_commands(folder, tmp_path):
    other = tmp_path / "other"
    result = CliRunner().invoke(app, ["--data", str(folder.root), "--data", str(other), "show", "x"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --data: show reads one data folder; several (a region) are read by "
        "pipeline, team and report weekly"
    )
