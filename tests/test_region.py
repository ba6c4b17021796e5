"""A region of several teams: --data repeated (or a region.yaml), each team read on its own."""

from __future__ import annotations

import os

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


# --- three generated teams -----------------------------------------------------

import importlib.util  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from conftest import documented_keys, key_paths  # noqa: E402

GENERATE = Path(__file__).resolve().parent.parent / "bench" / "generate.py"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "json-weekly.md"
TODAY = "2026-11-23"
#: contacts per generated team (PIPETRACK_REGION_CONTACTS=2000 for the 3 x 2,000 of issue 17)
PER_TEAM = int(os.environ.get("PIPETRACK_REGION_CONTACTS", "300"))


@pytest.fixture(scope="module")
def teams(tmp_path_factory) -> list[Path]:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    base = tmp_path_factory.mktemp("region")
    roots = []
    for i, name in enumerate(("north", "south", "west")):
        module.generate(base / name, PER_TEAM, seed=i + 1)
        roots.append(base / name)
    # one data problem, in the west team: listed with its team
    (base / "west" / "contacts" / "gone.yaml").write_text("name: Gone\nstage: lost\n", "utf-8")
    return roots


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["--today", TODAY, *args])
    assert result.exit_code == code, result.stdout + result.stderr
    return result.stdout


def data_args(roots: list[Path]) -> list[str]:
    return [arg for root in roots for arg in ("--data", str(root))]


def snapshot(roots: list[Path]) -> dict[str, bytes]:
    return {
        str(p): p.read_bytes()
        for root in roots
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".pipetrack-cache" not in p.parts
    }


def test_region_totals_are_the_sums_of_the_team_reports(teams):
    before = snapshot(teams)
    region = json.loads(run(*data_args(teams), "report", "weekly", "--week", "last", "--format", "json"))
    own = [
        json.loads(run("--data", str(r), "report", "weekly", "--week", "last", "--format", "json"))
        for r in teams
    ]
    assert region["teams"] == ["north", "south", "west"]
    # each team's row is its own report's figure
    for row, rep in zip(region["pipeline"]["rows"], own, strict=True):
        stages = {s["stage"]: s["count"] for s in rep["pipeline"]["stages"]}
        assert (row["prospects"], row["weighted_total"], row["closed_value"], row["p25"]) == (
            rep["pipeline"]["prospects"],
            rep["pipeline"]["weighted_total"],
            rep["pipeline"]["closed_value"],
            stages["25%"],
        )
    for sub, rep in zip(region["team"]["subtotals"], own, strict=True):
        assert {k: v for k, v in sub.items() if k != "team"} == rep["team"]["total"]
    # the region total is the sum of the three team reports
    total = region["pipeline"]["total"]
    assert total["prospects"] == sum(r["pipeline"]["prospects"] for r in own)
    assert total["weighted_total"] == pytest.approx(sum(r["pipeline"]["weighted_total"] for r in own))
    assert total["closed_value"] == pytest.approx(sum(r["pipeline"]["closed_value"] for r in own))
    for key in region["team"]["total"]:
        assert region["team"]["total"][key] == pytest.approx(sum(r["team"]["total"][key] for r in own)), key
    fun = region["funnel"]["total"]
    assert fun["dials"] == sum(r["funnel"]["calls"]["dials"] for r in own)
    assert fun["meetings_set"] == sum(r["funnel"]["calls"]["meetings_set"] for r in own)
    assert fun["target_meetings"] == sum(r["funnel"]["calls"]["target_meetings"] for r in own)
    assert fun["deals"] == sum(r["funnel"]["ratio"]["deals"] for r in own)
    assert region["errors"] == sum(r["errors"] for r in own)
    assert [(p["team"], p["path"]) for p in region["problems"]] == [("west", "contacts/gone.yaml")]
    # the same owner id in two teams is two people
    owners = [r["owner"] for r in region["team"]["rows"]]
    assert "north/li-na" in owners and "south/li-na" in owners
    assert len(owners) == sum(len(r["team"]["rows"]) for r in own)
    # the teams were only read
    assert snapshot(teams) == before


def test_region_report_is_byte_identical_across_runs(teams, tmp_path):
    for fmt in ("markdown", "html", "json"):
        first = run(*data_args(teams), "report", "weekly", "--week", "last", "--format", fmt)
        assert (
            run(*data_args(teams), "--no-cache", "report", "weekly", "--week", "last", "--format", fmt)
            == first
        )
        assert "north/li-na" in first and "south/li-na" in first


def test_region_json_keys_are_the_documented_ones(teams):
    docs = documented_keys(DOCS)
    seen = key_paths(
        json.loads(run(*data_args(teams), "report", "weekly", "--week", "last", "--format", "json"))
    )
    assert seen == docs["region"]
    seen = key_paths(json.loads(run(*data_args(teams), "pipeline", "--week", "last", "--format", "json")))
    assert seen == docs["pipeline (region)"]
    seen = key_paths(json.loads(run(*data_args(teams), "team", "--week", "last", "--format", "json")))
    assert seen == docs["team (region)"]
    # a team's own weekly report: the top-level keys (each part is documented in json.md)
    one = json.loads(run("--data", str(teams[0]), "report", "weekly", "--format", "json"))
    assert {k.split("[")[0] for k in docs["report weekly"]} == set(one)


def test_region_yaml_names_the_teams(teams, tmp_path):
    region = tmp_path / "region.yaml"
    region.write_text(
        "name: 华南区\nteams:\n"
        + "".join(f"  - path: {os.path.relpath(r, tmp_path)}\n    name: {r.name}\n" for r in teams),
        "utf-8",
    )
    by_file = run("--data", str(region), "report", "weekly", "--week", "last", "--format", "json")
    by_folders = run(*data_args(teams), "report", "weekly", "--week", "last", "--format", "json")
    assert json.loads(by_file) | {"region": None} == json.loads(by_folders)
    assert json.loads(by_file)["region"] == "华南区"
    # the folder holding region.yaml works too
    assert run("--data", str(tmp_path), "report", "weekly", "--week", "last", "--format", "json") == by_file
    assert run("--data", str(region), "report", "weekly", "--week", "last").startswith(
        "# Region report 华南区 2026-W47"
    )


def test_team_and_pipeline_over_a_region_in_the_terminal(teams):
    sheet = run(*data_args(teams), "team", "--week", "last")
    for expected in ("north/li-na", "south/li-na", "north subtotal", "region total"):
        assert expected in sheet, expected
    pipe = run(*data_args(teams), "pipeline", "--week", "last")
    lines = pipe.splitlines()
    assert any(line.strip().startswith("north") for line in lines)
    assert any("region total" in line for line in lines)
    assert max(len(line) for line in lines) <= 120
    zh = run(*data_args(teams), "--lang", "zh", "team", "--week", "last")
    assert "区域合计" in zh and "region" not in zh


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("teams: []\n", "region.yaml: teams: expected a list of team folders (paths, or path: and name:)"),
        ("teams:\n  - name: x\n", "region.yaml: teams: entry 1 has no path (a folder, text)"),
        ("name: [1]\nteams: [a]\n", "region.yaml: name: expected text (the region's name)"),
        ("teams: [nowhere]\n", "does not exist"),
    ],
)
def test_a_bad_region_file_is_one_line_and_exit_2(tmp_path, text, message):
    (tmp_path / "region.yaml").write_text(text, "utf-8")
    result = CliRunner().invoke(app, ["--data", str(tmp_path / "region.yaml"), "team"])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_two_teams_with_one_name_must_be_named(teams, tmp_path):
    twin = tmp_path / "x" / teams[0].name
    twin.parent.mkdir()
    twin.symlink_to(teams[1])
    result = CliRunner().invoke(app, ["--data", str(teams[0]), "--data", str(twin), "team"])
    assert result.exit_code == 2
    assert "two teams are named 'north'" in result.stderr and "region.yaml" in result.stderr


def test_region_team_sheet_fits_80_columns(teams, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for lang in ("en", "zh"):
        lines = run(*data_args(teams), "--lang", lang, "team", "--week", "last").splitlines()
        assert max(len(line) for line in lines) <= 80
        header = next(line for line in lines if "20:5:1" in line)
        assert header.rstrip().endswith("20:5:1")  # the last column is whole
        total = next(line for line in lines if "region total" in line or "区域合计" in line)
        assert total.rstrip()[-1].isdigit()


def test_region_pipeline_csv_has_raw_numbers_and_the_total(teams):
    lines = run(*data_args(teams), "pipeline", "--week", "last", "--format", "csv").splitlines()
    assert lines[0] == (
        "team,prospects,first_meetings,p25,p50,p90,closed,stale,weighted_total,closed_value,sales_cycle_days,shape"
    )
    rows = [line.split(",") for line in lines[1:]]
    assert [r[0] for r in rows] == ["north", "south", "west", "total"]
    assert int(rows[3][1]) == sum(int(r[1]) for r in rows[:3])
    assert float(rows[3][8]) == pytest.approx(sum(float(r[8]) for r in rows[:3]))
