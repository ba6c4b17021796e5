"""`accounts` at 80 columns: ids and English names are never broken mid-word,
Chinese names fold between characters, and a column that cannot fit is left
out with a line naming it (never silently cut)."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from pipetrack.cli.main import app


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_accounts_at_80_columns_keeps_ids_and_words_whole(example_dir, monkeypatch, lang):
    monkeypatch.setenv("COLUMNS", "80")
    base = ["--data", str(example_dir), "--today", "2026-11-23", "--lang", lang, "accounts"]
    out = CliRunner().invoke(app, base).stdout
    data = json.loads(CliRunner().invoke(app, [*base, "--format", "json"]).stdout)
    lines = out.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    words = out.split()
    for account in data["accounts"]:
        assert account["id"] in words, account["id"]
        for word in account["name"].split():
            if word.isascii():
                assert word in words, word
    heads = ["gaps", "depth"] if lang == "en" else ["缺口", "关系深度"]
    for head in heads:
        shown = head in lines[2].split()
        noted = any(("not shown" in line or "放不下" in line) and head in line for line in lines)
        assert shown or noted, head
