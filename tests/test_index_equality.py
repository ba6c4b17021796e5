"""A warm run (the index, slim contacts) prints what --no-cache prints, byte for byte,
for every report command, after edits, renames, deletes, new files and a racily clean edit."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipetrack.cli.main import app
from pipetrack.storage.cache import CACHE_DIR, INDEX_FILE

GENERATE = Path(__file__).resolve().parent.parent / "bench" / "generate.py"
TODAY = "2026-11-22"

COMMANDS = (
    ("pipeline",),
    ("pipeline", "--all", "--format", "json"),
    ("pipeline", "--format", "csv"),
    ("funnel",),
    ("funnel", "--format", "json"),
    ("team",),
    ("team", "--format", "json"),
    ("report", "weekly"),
    ("report", "weekly", "--format", "json"),
    ("list",),
    ("list", "--stage", "25%..90%", "--sort", "next_meeting", "--format", "json"),
    ("list", "--grep", "WeChat"),
    ("agenda", "--week"),
    ("agenda", "--format", "json"),
    ("check",),
    ("cycle",),
    ("plan",),
    ("review",),
    ("projects",),
    ("projects", "--format", "json"),
    ("accounts",),
    ("accounts", "--format", "json"),
    ("account", "acct-00001"),
    ("account", "acct-00002", "--format", "json"),
    ("export", "--format", "json"),
    ("export", "accounts", "--format", "json"),
)


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--data", str(root), "--today", TODAY, *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = tmp_path_factory.mktemp("idx") / "data"
    module.generate(root, 60, projects=6)
    return root


def contacts(root: Path) -> list[Path]:
    return sorted((root / "contacts").glob("*.yaml"))


def same_outputs(root: Path) -> None:
    for command in COMMANDS:
        warm = run(root, *command)
        assert warm[0] in (0, 1), (command, warm)
        assert warm == run(root, "--no-cache", *command), command


def test_warm_output_equals_no_cache_after_edits_renames_and_deletes(generated, monkeypatch):
    root = generated
    run(root, "pipeline")  # cold: writes the index
    assert (root / CACHE_DIR / INDEX_FILE).is_file()
    same_outputs(root)

    files = contacts(root)
    # an edit (a stage and an activity), a rename, a delete, a new file, an account edit
    text = files[0].read_text(encoding="utf-8")
    stage = next(line for line in text.splitlines() if line.startswith("stage: "))
    files[0].write_text(text.replace(stage, "stage: lost\nlost_reason: 预算取消"), encoding="utf-8")
    files[1].rename(files[1].with_name("renamed-contact.yaml"))
    files[2].unlink()
    shutil.copy(files[3], root / "contacts" / "copy-of-three.yml")
    account = root / "accounts" / "acct-00001.yaml"
    account.write_text(account.read_text(encoding="utf-8").replace("name: ", "name: 新", 1), encoding="utf-8")
    # a contact with a key pipetrack does not know stays a full model in the index
    files[4].write_text(files[4].read_text(encoding="utf-8") + "mood: 晴\n", encoding="utf-8")
    # a file pipetrack cannot read, and one that turns bad
    (root / "contacts" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    files[5].write_text("stage: 25%\n", encoding="utf-8")  # no name
    same_outputs(root)
    same_outputs(root)  # and once more, all from the index


def test_racily_clean_edit_is_seen(generated):
    """A file rewritten with the same size and mtime right after the index was written
    (its row was racily clean): the next run parses it again."""
    root = generated
    path = next(p for p in contacts(root) if "\nstage: 25%\n" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")  # a fresh mtime: within the racy window
    run(root, "pipeline")  # its row is written, marked never to be served
    before = path.stat()
    path.write_text(text.replace("\nstage: 25%\n", "\nstage: 90%\n"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    same_outputs(root)
