"""Every read command's output on data/example is byte-identical to tests/golden/commands/.

The list of commands and how they run is in tests/golden_commands.py. After an intended
output change regenerate with `PIPETRACK_REGEN_GOLDEN=1 python -m pytest -q tests/test_golden_outputs.py`
and say in the commit which outputs changed and why.
"""

from __future__ import annotations

import difflib
import os

import pytest

from golden_commands import GOLDEN, golden_name, read_commands, run_all, write_all

REGEN = os.environ.get("PIPETRACK_REGEN_GOLDEN") == "1"


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    got = run_all()
    if REGEN:
        write_all(got)
    return got


def test_the_command_list_names_each_command_once():
    names = [golden_name(args) for args in read_commands()]
    assert len(names) == len(set(names))
    assert len(names) > 250


def test_every_golden_file_is_still_produced(outputs):
    stale = sorted(p.name for p in GOLDEN.glob("*.txt") if p.name not in outputs)
    assert not stale, f"golden files no command produces any more: {stale[:5]}"


@pytest.mark.parametrize("name", sorted(golden_name(args) for args in read_commands()))
def test_output_is_unchanged(outputs, name):
    path = GOLDEN / name
    assert path.exists(), f"no golden file {name}: regenerate with PIPETRACK_REGEN_GOLDEN=1"
    want = path.read_text(encoding="utf-8")
    got = outputs[name]
    if got != want:
        diff = "".join(
            difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "now", n=2)
        )
        pytest.fail(f"{name} changed (PIPETRACK_REGEN_GOLDEN=1 to accept):\n{diff[:4000]}")
