"""The HTML weekly report in a real browser (Debian `chromium`, headless).

A copy of the report gets a test-only script that measures every section and
every SVG chart and writes the numbers into ``<pre id="geom">``; ``--dump-dom``
returns them. A screenshot and a PDF print must come out non-trivial, and the
browser must log no console message at all (the page has no script of its own).

Skipped only when chromium is missing and not under CI (`.ci/install-chromium`
installs it); under CI a missing browser fails.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipetrack.cli.main import app
from test_weekly import TODAY, weekly_folder

PROBE = """
<script>
(function () {
  function box(e) { var b = e.getBBox(); return [b.x, b.y, b.width, b.height]; }
  function rect(e) { var r = e.getBoundingClientRect(); return [r.width, r.height]; }
  var out = {charts: [], sections: []};
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    out.charts.push({
      kind: svg.getAttribute('data-chart'), bbox: box(svg), rect: rect(svg),
      visible: getComputedStyle(svg).visibility === 'visible' && getComputedStyle(svg).display !== 'none',
      bars: Array.prototype.map.call(svg.querySelectorAll('rect.bar'), box),
      guides: Array.prototype.map.call(svg.querySelectorAll('rect.ideal, rect.target, polyline'), box),
      labels: Array.prototype.map.call(svg.querySelectorAll('text'), function (t) { return t.textContent; })
    });
  });
  document.querySelectorAll('section.part').forEach(function (s) {
    out.sections.push({id: s.id, rect: rect(s), heading: s.querySelector('h2').innerText});
  });
  out.text = document.querySelector('main').innerText;
  out.innerWidth = window.innerWidth;
  out.scrollWidth = document.documentElement.scrollWidth;
  var pre = document.createElement('pre');
  pre.id = 'geom';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""

SECTIONS = ["pipeline", "funnel", "trend", "review", "team", "problems"]
CHARTS = ["shape", "calls", "ratio", "trend"]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: run .ci/install-chromium")
        pytest.skip("chromium is not installed (run .ci/install-chromium)")
    return path


def browse(chromium: str, tmp: Path, url: str, *extra: str, width: int = 1200, height: int = 4000):
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    cmd = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        f"--window-size={width},{height}",
        *extra,
        url,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp)


def console_lines(stderr: str) -> list[str]:
    """What the page logged (errors, warnings, uncaught exceptions): Chromium prints them as CONSOLE."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def measure(chromium: str, tmp: Path, page: Path, width: int = 1200) -> tuple[dict, list[str]]:
    probe = tmp / f"probe-{width}.html"
    probe.write_text(page.read_text("utf-8").replace("</body>", PROBE + "</body>"), "utf-8")
    result = browse(chromium, tmp, probe.as_uri(), "--dump-dom", width=width)
    found = re.search(r'<pre id="geom">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    return json.loads(html.unescape(found[1])), console_lines(result.stderr)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def report_for(root: Path, tmp: Path, *args: str) -> Path:
    out = tmp / "r.html"
    result = CliRunner().invoke(
        app,
        [
            "--data",
            str(root),
            "--today",
            TODAY,
            "report",
            "weekly",
            "--format",
            "html",
            "--out",
            str(out),
            *args,
        ],
    )
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    assert result.stdout == ""
    return out


def test_console_lines_catch_errors(chromium, tmp_path):
    """The console check would see an error if the page had one."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><body><p>x</p><script>console.error('boom');missing();</script></body></html>",
        "utf-8",
    )
    logged = console_lines(browse(chromium, tmp_path, page.as_uri(), "--dump-dom").stderr)
    assert any("boom" in line for line in logged)
    assert any("Uncaught ReferenceError" in line for line in logged)


def check_page(chromium: str, tmp: Path, page: Path) -> dict:
    text = page.read_text("utf-8")
    assert "<script" not in text.lower()  # no JavaScript needed to read it
    assert not re.search(r"""(src|href)\s*=|url\(|@import""", text)  # nothing fetched: self-contained

    geom, logged = measure(chromium, tmp, page)
    assert logged == []
    assert [s["id"] for s in geom["sections"]] == SECTIONS
    for s in geom["sections"]:
        assert s["rect"][0] > 600 and s["rect"][1] > 40, s
    assert [c["kind"] for c in geom["charts"]] == CHARTS
    for c in geom["charts"]:
        assert c["visible"], c["kind"]
        assert c["bbox"][2] > 100 and c["bbox"][3] > 50, c
        assert c["rect"][0] > 200 and c["rect"][1] > 80, c
        assert c["guides"] and all(g[2] > 0 and g[3] >= 0 for g in c["guides"]), c["kind"]
        assert len(c["labels"]) >= 4, c["kind"]

    # on a phone: the page itself never scrolls sideways (wide tables scroll in their own box)
    phone, logged = measure(chromium, tmp, page, width=390)
    assert logged == []
    # (headless Chromium keeps a window at least 500 px wide: still the narrow layout, under 600 px)
    assert phone["innerWidth"] <= 600
    assert phone["scrollWidth"] <= phone["innerWidth"]
    assert all(0 < c["rect"][0] <= phone["innerWidth"] for c in phone["charts"])

    shot = tmp / "shot.png"
    result = browse(chromium, tmp, page.as_uri(), f"--screenshot={shot}")
    assert console_lines(result.stderr) == []
    assert png_size(shot) == (1200, 4000)
    assert shot.stat().st_size > 50_000  # charts and text, not a blank page

    pdf = tmp / "print.pdf"
    result = browse(chromium, tmp, page.as_uri(), f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000
    return geom


def test_html_report_in_chromium(chromium, folder, tmp_path):
    weekly_folder(folder)
    page = report_for(folder.root, tmp_path, "--week", "last")
    geom = check_page(chromium, tmp_path, page)
    text = geom["text"]
    for expected in (
        "Weekly report 2026-W47",
        "Pipeline — the weekly action tool",
        "Weekly funnel 2026-W47",
        "Team tracking sheet",
        "Data problems",
        "contacts/gone.yaml",
        "C — proposal pending",
        "张先生",
        "王经理",
    ):
        assert expected in text, expected
    # a name is text, never markup
    assert 'Acme <b>& "Co"</b>' in text
    charts = {c["kind"]: c for c in geom["charts"]}
    # shape: first meeting 1, 25% 2 (both stale), 50% 1, 90% 1 → 3 blue bars and 1 red one, 4 ideal outlines
    assert len(charts["shape"]["bars"]) == 4 and len(charts["shape"]["guides"]) == 4
    assert all(b[2] > 0 and b[3] > 0 for b in charts["shape"]["bars"])
    assert "2 (2!)" in charts["shape"]["labels"]
    assert {"6 / 150", "3 / 70", "1 / 10"} <= set(charts["calls"]["labels"])  # targets for 2 reps
    assert {"2 / 20", "1 / 5", "1 / 1"} <= set(charts["ratio"]["labels"])
    # 8 weeks: meetings set 1 in W41, W42, W43, W45, W46, W47; deals in W42 and W47 → 8 bars
    assert len(charts["trend"]["bars"]) == 8
    assert [lbl for lbl in charts["trend"]["labels"] if lbl.startswith("W")] == [
        f"W{w}" for w in range(40, 48)
    ]


def test_html_report_of_the_example_data(chromium, example_dir, tmp_path):
    if not (example_dir / "pipetrack.yaml").is_file() or not any((example_dir / "contacts").glob("*.yaml")):
        pytest.skip("data/example is not there yet")
    page = report_for(example_dir, tmp_path)
    geom = check_page(chromium, tmp_path, page)
    assert "Pipeline" in geom["text"] or "潜在客户管理行动工具表" in geom["text"]


def test_html_report_zh_in_chromium(chromium, folder, tmp_path):
    weekly_folder(folder)
    page = report_for(folder.root, tmp_path, "--week", "last", "--lang", "zh")
    geom = check_page(chromium, tmp_path, page)
    for expected in (
        "每周报告 2026-W47",
        "潜在客户管理行动工具表",
        "小组追踪表",
        "数据问题",
        "C — 计划书待定",
    ):
        assert expected in geom["text"], expected
