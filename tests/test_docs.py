"""The README's layout lists every module of the package, so it cannot fall behind the code."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_layout_lists_every_module():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("### Layout") :]
    modules = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "src" / "pipetrack").rglob("*.py")
        if p.stat().st_size > 0  # an empty __init__.py says nothing
    )
    missing = [m for m in modules if f"| `{m}` |" not in layout]
    assert not missing, f"README ### Layout lacks a line for: {missing}"


def test_no_reference_points_outside_the_repository():
    for path in [
        ROOT / "README.md",
        ROOT / "CONTRIBUTING.md",
        *ROOT.glob("docs/*.md"),
        *ROOT.glob("src/**/*.py"),
    ]:
        content = path.read_text(encoding="utf-8")
        assert "SPEC " not in content and "../shared" not in content, path
