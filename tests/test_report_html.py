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

from conftest import DataFolder
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
  // what sticks out on the right, to name it when the page is too wide
  out.wide = [];
  document.querySelectorAll('main *').forEach(function (e) {
    if (e.getBoundingClientRect().right > window.innerWidth + 0.5 && out.wide.length < 10) {
      out.wide.push(e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40));
    }
  });
  // a contact chip: its name and date each on one line, its stale mark inside the chip
  out.chips = Array.prototype.map.call(document.querySelectorAll('.chip'), function (c) {
    var r = c.getBoundingClientRect(), n = c.querySelector('.n'), d = c.querySelector('.d');
    var m = c.querySelector('.mark'), mr = m && m.getBoundingClientRect();
    return {
      name: n.textContent, stale: !!m, nameLines: n.getClientRects().length,
      dateLines: d ? d.getClientRects().length : 1,
      markInside: !m || (mr.left >= r.left && mr.right <= r.right && mr.top >= r.top && mr.bottom <= r.bottom)
    };
  });
  var host = window.parent !== window ? parent.document : document;  // a 400 px frame writes out
  var pre = host.createElement('pre');
  pre.id = 'geom';
  pre.textContent = JSON.stringify(out);
  host.body.appendChild(pre);
})();
</script>
"""

PHONE = 400  # CSS px: a phone held upright

SECTIONS = ["pipeline", "funnel", "trend", "review", "team", "problems"]
#: data/example has projects: their part follows the review.
EXAMPLE_SECTIONS = ["pipeline", "funnel", "trend", "review", "projects", "team", "problems"]
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


def phone_frame(page_html: str, width: int = PHONE) -> str:
    """The page in a frame ``width`` CSS px wide: headless Chromium keeps its window at least
    500 px wide, a frame's viewport (media queries, scrollWidth) is exactly its width."""
    return (
        '<!DOCTYPE html><html><body style="margin:0;background:#888">'
        f'<iframe style="border:0;display:block;width:{width}px;height:4000px;background:#fff" '
        f'srcdoc="{html.escape(page_html, quote=True)}"></iframe></body></html>'
    )


def measure(chromium: str, tmp: Path, page: Path, width: int = 1200) -> tuple[dict, list[str]]:
    probe = tmp / f"probe-{width}.html"
    text = page.read_text("utf-8").replace("</body>", PROBE + "</body>")
    probe.write_text(text if width >= 500 else phone_frame(text, width), "utf-8")
    result = browse(chromium, tmp, probe.as_uri(), "--dump-dom", width=max(width, 500))
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


def check_page(chromium: str, tmp: Path, page: Path, sections: list[str] = SECTIONS) -> dict:
    text = page.read_text("utf-8")
    assert "<script" not in text.lower()  # no JavaScript needed to read it
    assert not re.search(r"""(src|href)\s*=|url\(|@import""", text)  # nothing fetched: self-contained

    geom, logged = measure(chromium, tmp, page)
    assert logged == []
    assert [s["id"] for s in geom["sections"]] == sections
    for s in geom["sections"]:
        assert s["rect"][0] > 600 and s["rect"][1] > 40, s
    assert [c["kind"] for c in geom["charts"]] == CHARTS
    for c in geom["charts"]:
        assert c["visible"], c["kind"]
        assert c["bbox"][2] > 100 and c["bbox"][3] > 50, c
        assert c["rect"][0] > 200 and c["rect"][1] > 80, c
        assert c["guides"] and all(g[2] > 0 and g[3] >= 0 for g in c["guides"]), c["kind"]
        assert len(c["labels"]) >= 4, c["kind"]

    # on a phone (400 px): nothing scrolls sideways, not even inside a table's box; tables are
    # cards; a contact's name and date never break, its stale mark stays in its chip
    phone, logged = measure(chromium, tmp, page, width=PHONE)
    assert logged == []
    assert phone["innerWidth"] == PHONE
    assert phone["scrollWidth"] <= PHONE, phone["wide"]
    assert phone["wide"] == []
    assert all(0 < c["rect"][0] <= PHONE for c in phone["charts"])
    assert phone["chips"] and all(
        c["nameLines"] == 1 and c["dateLines"] == 1 and c["markInside"] for c in phone["chips"]
    ), [c for c in phone["chips"] if not (c["nameLines"] == 1 and c["dateLines"] == 1 and c["markInside"])]
    assert any(c["stale"] for c in phone["chips"])

    for width in (1200, PHONE):
        shot = tmp / f"shot-{width}.png"
        url = page.as_uri()
        if width < 500:
            framed = tmp / "framed.html"
            framed.write_text(phone_frame(page.read_text("utf-8"), width), "utf-8")
            url = framed.as_uri()
        result = browse(chromium, tmp, url, f"--screenshot={shot}", width=max(width, 500))
        assert console_lines(result.stderr) == []
        assert png_size(shot) == (max(width, 500), 4000)
        assert shot.stat().st_size > 50_000  # charts and text, not a blank page
        if os.environ.get("PIPETRACK_SHOTS"):  # to look at them: PIPETRACK_SHOTS=DIR
            shutil.copy(shot, Path(os.environ["PIPETRACK_SHOTS"]) / f"{tmp.name}-{width}.png")

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
        "B — empty",
        "张先生",
        "王经理",
    ):
        assert expected in text, expected
    # a name is text, never markup
    assert 'Acme <b>& "Co"</b>' in text
    charts = {c["kind"]: c for c in geom["charts"]}
    # shape: first meeting 1, 25% 2 (both stale), 50% 1, 90% 1 → 4 blue bars, the 25% one with a
    # red core of its full width inside it; 4 ideal outlines with their numbers; a scale
    shape = charts["shape"]
    assert len(shape["bars"]) == 5 and len(shape["guides"]) == 4
    assert all(b[2] > 0 and b[3] > 0 for b in shape["bars"])
    blue25, red25 = shape["bars"][1], shape["bars"][2]
    assert red25[0] >= blue25[0] and red25[0] + red25[2] <= blue25[0] + blue25[2] + 0.01
    assert "2 (2!)" in shape["labels"]
    assert {"ideal 2", "ideal 1.5", "ideal 1", "ideal 0.5"} <= set(shape["labels"])  # 4:3:2:1 of 5
    assert {"1", "2", "contacts"} <= set(shape["labels"])  # the scale
    # targets for 2 reps; dials are calls to new contacts (4 of the 6 calls; 2 were follow-ups)
    assert {"4 / 150", "2 / 70", "1 / 10"} <= set(charts["calls"]["labels"])
    assert {"2 / 20", "1 / 5", "1 / 1"} <= set(charts["ratio"]["labels"])
    # 8 weeks: meetings set 1 in W41, W43, W45, W47 (W42's and W46's were follow-up calls to
    # prospects, not dials); deals in W42 and W47 → 6 bars
    assert len(charts["trend"]["bars"]) == 6
    assert [lbl for lbl in charts["trend"]["labels"] if lbl.startswith("W")] == [
        f"W{w}" for w in range(40, 48)
    ]


def test_html_report_of_the_example_data(chromium, example_dir, tmp_path):
    if not (example_dir / "pipetrack.yaml").is_file() or not any((example_dir / "contacts").glob("*.yaml")):
        pytest.skip("data/example is not there yet")
    page = report_for(example_dir, tmp_path)
    geom = check_page(chromium, tmp_path, page, EXAMPLE_SECTIONS)
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
        "B — 几乎没有潜在客户",
    ):
        assert expected in geom["text"], expected


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_region_html_at_phone_width(chromium, tmp_path, lang):
    """The region report (two teams with the same owner ids) reads on a phone too."""
    roots = []
    for name in ("north", "south"):
        team = DataFolder(tmp_path / name)
        weekly_folder(team)
        roots.append(str(team.root))
    page = tmp_path / "region.html"
    result = CliRunner().invoke(
        app,
        [
            *["--data", roots[0], "--data", roots[1], "--today", TODAY, "--lang", lang],
            *["report", "weekly", "--week", "last", "--format", "html", "--out", str(page)],
        ],
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert [s["id"] for s in measure(chromium, tmp_path, page)[0]["sections"]] == [
        "pipeline",
        "funnel",
        "team",
        "problems",
    ]
    geom, logged = measure(chromium, tmp_path, page, width=PHONE)
    assert logged == []
    assert geom["innerWidth"] == PHONE and geom["scrollWidth"] <= PHONE, geom["wide"]
    assert geom["wide"] == []
    assert "north/li-na" in geom["text"] and "south/li-na" in geom["text"]
    assert ("区域合计" if lang == "zh" else "region total") in geom["text"]
    for width in (1200, PHONE):
        url = page.as_uri()
        if width < 500:
            framed = tmp_path / "framed.html"
            framed.write_text(phone_frame(page.read_text("utf-8"), width), "utf-8")
            url = framed.as_uri()
        shot = tmp_path / f"region-{width}.png"
        result = browse(chromium, tmp_path, url, f"--screenshot={shot}", width=max(width, 500))
        assert console_lines(result.stderr) == [] and shot.stat().st_size > 20_000
        if os.environ.get("PIPETRACK_SHOTS"):
            shutil.copy(shot, Path(os.environ["PIPETRACK_SHOTS"]) / f"region-{lang}-{width}.png")
