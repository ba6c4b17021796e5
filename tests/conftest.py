"""Shared fixtures: small data folders built by each test, and a CLI runner."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipetrack.cli.main import app

SETTINGS = "owner: li-na\nsales_cycle_days: 28\ncooling_off_days: 10\n"


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch):
    for var in ("PIPETRACK_DATA", "PIPETRACK_TODAY", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    # no owner from the machine's git identity: tests that want one set it
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("TERM", "dumb")


class DataFolder:
    """A temp data folder; write files by id, run the CLI against it."""

    def __init__(self, root: Path):
        self.root = root
        (root / "accounts").mkdir(parents=True, exist_ok=True)
        (root / "contacts").mkdir(exist_ok=True)
        (root / "pipetrack.yaml").write_text(SETTINGS, encoding="utf-8")

    def contact(self, cid: str, text: str) -> Path:
        path = self.root / "contacts" / f"{cid}.yaml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def account(self, aid: str, text: str) -> Path:
        path = self.root / "accounts" / f"{aid}.yaml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def run(self, *args: str, today: str = "2026-11-23", input: str | None = None):
        runner = CliRunner()
        return runner.invoke(app, ["--data", str(self.root), "--today", today, *args], input=input)

    def snapshot(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.root)): p.read_bytes() for p in sorted(self.root.rglob("*.yaml"))}


@pytest.fixture
def folder(tmp_path) -> DataFolder:
    return DataFolder(tmp_path / "data")


@pytest.fixture
def example_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "example"


# --- the documented JSON contract (docs/*.md) ------------------------------------


def documented_keys(doc: Path) -> dict[str, set[str]]:
    """section (`## command`) → the key paths listed in its table rows (| `path` | …)."""
    out: dict[str, set[str]] = {}
    current = None
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = set()
        elif current and (m := re.match(r"^\| `([^`]+)` \|", line)):
            out[current].add(m[1])
    return out


def key_paths(value, prefix: str = "") -> set[str]:
    """Every key path of a JSON value: `a.b`, and `a[].b` for the items of a list."""
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, sub in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths |= {path} | key_paths(sub, path)
    elif isinstance(value, list):
        for item in value:
            paths |= key_paths(item, prefix + "[]")
    return paths
