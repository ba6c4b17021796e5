"""bench/generate.py writes folders pipetrack accepts: deterministic, valid, in the documented style."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipetrack.cli.main import app

GENERATE = Path(__file__).resolve().parent.parent / "bench" / "generate.py"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def run(root: Path, *args: str):
    return CliRunner().invoke(app, ["--data", str(root), "--today", "2026-11-22", *args])


def test_generated_folder_passes_check(tmp_path, generate):
    root = tmp_path / "bench30"
    generate(root, 30)
    assert len(list((root / "contacts").glob("*.yaml"))) == 30
    assert len(list((root / "accounts").glob("*.yaml"))) == 3
    result = run(root, "check")
    assert result.stdout == ""
    assert result.stderr.strip() == "33 files checked: 0 error(s), 0 warning(s)"
    assert result.exit_code == 0


def test_generated_folder_has_every_stage_and_the_documented_style(tmp_path, generate):
    root = tmp_path / "bench300"
    generate(root, 300)
    result = run(root, "--no-cache", "pipeline", "--format", "json")
    assert result.exit_code == 0, result.stderr
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "contacts").glob("*.yaml"))]
    stages = {line.split(": ", 1)[1] for t in texts for line in t.splitlines() if line.startswith("stage: ")}
    assert stages == {"opportunity", "first-meeting", "25%", "50%", "90%", "closed", "lost"}
    assert all("\nactivities:" in t and "\n  - {date: " in t and "# " in t for t in texts)
    assert any("\u4e00" <= ch <= "\u9fff" for t in texts for ch in t)  # Chinese text
    assert len({line for t in texts for line in t.splitlines() if line.startswith("owner: ")}) >= 2
    assert json.loads(result.stdout)


def test_generator_is_deterministic(tmp_path, generate):
    generate(tmp_path / "a", 20)
    generate(tmp_path / "b", 20)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files
    assert [(tmp_path / "a" / f).read_bytes() for f in files] == [
        (tmp_path / "b" / f).read_bytes() for f in files
    ]


def test_generator_refuses_to_overwrite_a_folder_that_is_not_pipetrack(tmp_path, generate):
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.txt").write_text("keep me")
    with pytest.raises(SystemExit, match="not a pipetrack folder"):
        generate(tmp_path / "precious", 10)
    assert (tmp_path / "precious" / "thesis.txt").read_text() == "keep me"
