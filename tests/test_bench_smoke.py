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


def test_run_py_lists_its_options_without_running_anything():
    import subprocess
    import sys

    run_py = GENERATE.with_name("run.py")
    out = subprocess.run([sys.executable, str(run_py), "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "--big" in out.stdout and "--imports-only" in out.stdout


def test_the_verdict_table_judges_each_target(tmp_path):
    """run.py's table on made-up medians: a ratio within its limit passes, one over fails."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", GENERATE.with_name("run.py"))
    run_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_py)

    def res(median, peak=50.0):
        return {"median": median, "peak_mb": peak, "rc": [0]}

    b = run_py.Bench(5)
    b.results = {
        ("10k", "(a) floor: walk+stat"): res(0.1),
        ("10k", "(b) libyaml parse"): res(4.0),
        ("10k", "(c) pipeline warm"): res(0.19),
        ("10k", "(c) pipeline after 1 edit"): res(0.25),
        ("10k", "(c) pipeline cold"): res(3.9, peak=400.0),
        ("10k", "(c) team warm"): res(0.21),
    }
    text = run_py.table(b, ["10k"], "10k")
    lines = {line.split("  ")[0]: line for line in text.splitlines()}
    assert lines["10k pipeline warm"].endswith("PASS") and "1.90x" in lines["10k pipeline warm"]
    assert lines["10k team warm"].endswith("FAIL")
    assert (
        lines["10k pipeline after 1 edit"].endswith("FAIL") and "+60 ms" in lines["10k pipeline after 1 edit"]
    )
    assert lines["10k pipeline cold"].endswith("PASS")
    assert lines["10k peak memory, cold"].endswith("FAIL")
    assert "targets: 3 PASS, 3 FAIL" in text
