"""CSV is a stable contract for every command: headers are the JSON keys (the same
with --lang zh, never empty), numbers plain (1000, not "1,000"), booleans true/false."""

from __future__ import annotations

import csv
import io
import re

import pytest
from typer.testing import CliRunner

from pipetrack.cli.main import app

COMMANDS = [
    ["plan"],
    ["cycle"],
    ["pipeline"],
    ["team"],
    ["funnel"],
    ["review"],
    ["accounts"],
    ["account", "acme-logistics"],
    ["list"],
    ["list", "accounts"],
]
KEY = re.compile(r"^[a-z][a-z0-9_.]*$")
GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def _csv(example_dir, args: list[str], lang: str) -> list[list[str]]:
    argv = ["--data", str(example_dir), "--today", "2026-11-23", "--lang", lang, *args, "--format", "csv"]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(result.stdout)))


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_csv_headers_are_keys_and_cells_plain(example_dir, args):
    en = _csv(example_dir, args, "en")
    zh = _csv(example_dir, args, "zh")
    assert en[0] == zh[0], "CSV headers must not be translated"
    assert all(KEY.match(h) for h in en[0]), en[0]
    for row in en[1:] + zh[1:]:
        assert len(row) == len(en[0])
        for cell in row:
            assert cell not in ("True", "False"), row
            assert not GROUPED.match(cell), row


def _json(example_dir, args: list[str]):
    import json

    argv = ["--data", str(example_dir), "--today", "2026-11-23", *args, "--format", "json"]
    return json.loads(CliRunner().invoke(app, argv).stdout)


def test_plan_csv_is_one_row_of_its_json_keys(example_dir):
    rows = _csv(example_dir, ["plan"], "zh")
    data = _json(example_dir, ["plan"])
    assert len(rows) == 2
    got = dict(zip(rows[0], rows[1], strict=True))
    assert got["contacts"] == "1000" == str(data["contacts"])
    assert got["deals_per_week"] == str(data["deals_per_week"])
    assert got["pipeline.prospects"] == str(data["pipeline"]["prospects"])


def test_cycle_and_team_csv_columns_are_json_keys(example_dir):
    deals = _json(example_dir, ["cycle"])["deals"]
    rows = _csv(example_dir, ["cycle"], "zh")
    assert set(rows[0]) <= set(deals[0])
    assert [dict(zip(rows[0], r, strict=True))["id"] for r in rows[1:]] == [d["id"] for d in deals]
    team = _json(example_dir, ["team"])
    rows = _csv(example_dir, ["team"], "zh")
    assert set(rows[0]) - {"owner"} <= set(team["rows"][0])
    assert [r[0] for r in rows[1:]] == [r["owner"] for r in team["rows"]] + ["total"]


def test_pipeline_csv_booleans(example_dir):
    rows = _csv(example_dir, ["pipeline"], "en")
    stale = {r[rows[0].index("stale")] for r in rows[1:]}
    assert stale <= {"true", "false"} and "false" in stale
