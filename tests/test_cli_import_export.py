"""`import` and `export`: a generated 1,000-row CSV, an xlsx with Chinese headers,
duplicates and bad rows with known answers; --dry-run; export → import round trip."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipetrack.cli.main import app
from pipetrack.storage.store import Store

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ["经理", "总", "工", "会计", "主任", "小姐", "先生", "老板"]
COMPANIES = ["华南印刷", "星河酒店", "Acme Logistics", "金桥食品", "BluePeak"]

#: 20 bad rows: (the cells that make it bad, the reason the report gives)
BAD = [
    ({"name": ""}, "name: empty"),
    ({"stage": "sixty"}, "stage: 'sixty' is not a stage"),
    ({"email": "not-an-address"}, "email: 'not-an-address' is not an e-mail address"),
    ({"first_meeting": "next week"}, "first_meeting: 'next week' is not a date"),
    ({"value": "lots"}, "value: 'lots' is not a number"),
    ({"value": "-5"}, "value: Input should be greater than or equal to 0"),
    ({"phone": "call me"}, "phone: 'call me' is not a phone number"),
    ({"owner": "Li Na"}, "owner: 'Li Na' is not an id"),
    ({"created": "2026-02-30"}, "created: day is out of range for month"),
    ({"stage": "maybe"}, "stage: 'maybe' is not a stage"),
] * 2


def row_for(i: int) -> dict[str, str]:
    name = f"{SURNAMES[i % 10]}{GIVEN[i % 8]}{i}" if i % 3 else f"Person {i}"
    return {
        "name": name,
        "account": COMPANIES[i % 5],
        "phone": f"+86 139 {i:04d} {i * 7 % 10000:04d}",
        "email": f"p{i}@example.com" if i % 2 else "",
        "title": "经理" if i % 2 else "Manager",
        "stage": ["opportunity", "first-meeting", "25%", "销售机会"][i % 4],
        "first_meeting": "2026-11-02" if i % 4 in (1, 2) else "",
        "value": str(i * 100) if i % 5 else "",
        "owner": ["li-na", "tom", ""][i % 3],
        "created": "2026-10-01",
    }


def generated(n_good: int, n_bad: int = len(BAD)) -> tuple[list[dict[str, str]], dict[int, str], set[int]]:
    """Rows in sheet order, {sheet row: bad reason}, the sheet rows that are duplicates."""
    rows: list[dict[str, str]] = []
    bad: dict[int, str] = {}
    dups: set[int] = set()
    good = 0
    gap = max(3, (n_good + n_bad) // n_bad)  # bad rows spread through the file
    dup_gap = max(7, n_good // 10)
    while good < n_good or len(bad) < n_bad:
        sheet_row = len(rows) + 2  # the header is row 1
        if len(rows) % gap == gap // 2 and len(bad) < n_bad:
            cells, reason = BAD[len(bad)]
            rows.append({**row_for(100000 + len(rows)), **cells})
            bad[sheet_row] = reason
        elif len(rows) % dup_gap == dup_gap - 1 and good > 10:
            k = good - 5
            twin = {**row_for(k)}
            kind = len(dups) % 3
            if kind == 0:  # the same phone, another name
                twin["name"], twin["email"] = f"Other {len(rows)}", ""
            elif kind == 1:  # the same name and account, phone and email written differently
                twin["phone"], twin["email"] = "", ""
            else:  # the same email in capitals
                twin = {**row_for(k | 1), "name": f"Mail {len(rows)}", "phone": ""}
                twin["email"] = twin["email"].upper()
            rows.append(twin)
            dups.add(sheet_row)
        else:
            rows.append(row_for(good))
            good += 1
    return rows, bad, dups


def to_csv(rows: list[dict[str, str]], headers: dict[str, str] | None = None) -> bytes:
    keys = list(rows[0])
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([(headers or {}).get(k, k) for k in keys])
    writer.writerows([[r[k] for k in keys] for r in rows])
    return buf.getvalue().encode("utf-8")


def run(root: Path, *args: str, today: str = "2026-11-23"):
    return CliRunner().invoke(app, ["--data", str(root), "--today", today, *args])


@pytest.fixture
def empty(tmp_path) -> Path:
    root = tmp_path / "team"
    assert run(root.parent, "init", str(root), "--owner", "li-na").exit_code == 0
    return root


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_import_1000_rows_with_duplicates_and_20_bad_rows(empty, tmp_path):
    rows, bad, dups = generated(1000)
    sheet = tmp_path / "team.csv"
    sheet.write_bytes(to_csv(rows))
    before = files(empty)

    dry = run(empty, "import", str(sheet), "--dry-run")
    assert dry.exit_code == 1, dry.output  # rows were refused
    assert files(empty) == before  # --dry-run writes nothing
    assert f"Would create 1000 contact(s) and {len(COMPANIES)} account(s)" in dry.stdout

    result = run(empty, "import", str(sheet))
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert f"Created 1000 contact(s) and {len(COMPANIES)} account(s)" in out
    # each bad row listed with its row number and reason, nothing else refused
    refused = dict(re.findall(r"^  row (\d+): (.*)$", out.split("Refused")[1], re.M))
    assert {int(k) for k in refused} == set(bad)
    for number, reason in bad.items():
        assert refused[str(number)].startswith(reason), (number, refused[str(number)])
    listed = re.findall(r"^  row (\d+): .*: (same \w+(?: and account)?) as ", out.split("Refused")[0], re.M)
    assert {int(n) for n, _ in listed} == dups
    assert {w for _, w in listed} == {"same phone", "same name and account", "same email"}

    folder = Store(empty).load(use_cache=False)
    assert not folder.problems
    assert len(folder.contacts) == 1000 and len(folder.accounts) == len(COMPANIES)
    names = {c.name for c in folder.contacts.values()}
    assert names == {row_for(i)["name"] for i in range(1000)}
    li = next(c for c in folder.contacts.values() if c.name == "李总1")
    assert (li.id, li.account, li.owner, li.stage.value, li.value) == (
        "li-zong-1",
        "xinghejiudian",
        "tom",
        "first-meeting",
        100,
    )
    assert folder.accounts["xinghejiudian"].name == "星河酒店"
    assert sum(c.owner is None for c in folder.contacts.values()) == 333  # no --owner: empty stays empty

    again = run(empty, "import", str(sheet))  # the same file again: every good row is a duplicate
    assert "Created 0 contact(s) and 0 account(s)" in again.stdout
    assert len(Store(empty).load(use_cache=False).contacts) == 1000


def test_xlsx_with_chinese_headers(empty, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    headers = {
        "name": "姓名",
        "account": "公司",
        "phone": "手机",
        "email": "邮箱",
        "title": "职位",
        "stage": "阶段",
        "first_meeting": "首次见面",
        "value": "金额",
        "owner": "负责人",
        "created": "创建日期",
    }
    rows, bad, dups = generated(100)
    assert len(bad) == 20 and len(dups) >= 3
    book = openpyxl.Workbook()
    sheet = book.active
    keys = list(rows[0])
    sheet.append([headers[k] for k in keys] + ["微信"])
    for r in rows:
        sheet.append([r[k] for k in keys] + ["wx"])
    path = tmp_path / "客户名单.xlsx"
    book.save(path)
    result = run(empty, "import", str(path), "--owner", "zhao")
    assert "Created 100 contact(s) and 5 account(s)" in result.stdout, result.output
    assert "Columns not imported (no field; see --map): 微信" in result.stdout
    refused = {int(n) for n in re.findall(r"^  row (\d+): ", result.stdout.split("Refused")[1], re.M)}
    assert refused == set(bad)
    skipped = {int(n) for n in re.findall(r"^  row (\d+): ", result.stdout.split("Refused")[0], re.M)}
    assert skipped == dups
    folder = Store(empty).load(use_cache=False)
    assert len(folder.contacts) == 100
    first = folder.contacts["person-0"]
    assert (first.account, first.stage.value, first.owner, first.title) == (
        "huananyinshua",
        "opportunity",
        "li-na",
        "Manager",
    )
    assert folder.accounts["huananyinshua"].name == "华南印刷"
    assert sum(c.owner == "zhao" for c in folder.contacts.values()) == 33  # --owner fills the empty ones


def test_map_names_a_column(empty, tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("客户经理,Who,Notes here\nli-na,王经理,hello\n", encoding="utf-8")
    refused = run(empty, "import", str(sheet))
    assert refused.exit_code == 2
    assert refused.stderr.strip().startswith("error: ") and "no name column" in refused.stderr
    result = run(
        empty,
        "import",
        str(sheet),
        "--map",
        "Who=name",
        "--map",
        "客户经理=owner",
        "--map",
        "Notes here=备注",
    )
    assert result.exit_code == 0, result.output
    (path,) = (empty / "contacts").glob("*.yaml")
    assert path.name == "wang-jingli.yaml"
    text = path.read_text("utf-8")
    assert "owner: li-na" in text and "notes: hello" in text
    bad = run(empty, "import", str(sheet), "--map", "Nope=name")
    assert bad.exit_code == 2 and "--map: no column 'Nope'" in bad.stderr


def test_nothing_is_written_when_a_write_fails(empty, tmp_path, monkeypatch):
    rows, _, _ = generated(30)
    sheet = tmp_path / "s.csv"
    sheet.write_bytes(to_csv(rows[:20]))
    before = files(empty)
    calls = {"n": 0}
    original = os.link

    def failing(src, dst, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 9:
            raise OSError(28, "No space left on device")
        return original(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", failing)
    result = run(empty, "import", str(sheet))
    assert result.exit_code == 2, result.output
    assert "cannot be written (No space left on device); nothing was imported" in result.stderr
    assert files(empty) == before
    assert not [p for p in empty.rglob("*.tmp")]


def test_a_killed_imports_temp_files_are_removed_by_the_next_run(empty, tmp_path, monkeypatch):
    """import writes every file to a temp file first; killed before it linked them,
    those temps must carry its pid, so the next run of any command removes them."""
    from pipetrack.storage import fs

    rows, _, _ = generated(3)
    sheet = tmp_path / "s.csv"
    sheet.write_bytes(to_csv(rows))
    temps: list[str] = []

    def killed(src, dst, *args, **kwargs):
        temps.append(os.path.basename(src))
        raise KeyboardInterrupt  # (a kill leaves them; the interrupt is cleaned up, so look now)

    monkeypatch.setattr(os, "link", killed)
    run(empty, "import", str(sheet))
    assert temps and all((m := fs._TEMP.match(t)) and m[1] == str(os.getpid()) for t in temps)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_folder_gives_the_same_contacts(example_dir, empty, tmp_path, fmt):
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    out = tmp_path / f"all.{fmt}"
    exported = run(example_dir, "export", "--format", fmt, "--out", str(out))
    assert exported.exit_code == 0, exported.output
    result = run(empty, "import", str(out))
    assert result.exit_code == 0, result.output
    original = Store(example_dir).load(use_cache=False)
    copy = Store(empty).load(use_cache=False)
    assert not copy.problems
    assert sorted(copy.contacts) == sorted(original.contacts)
    for cid, contact in original.contacts.items():
        assert copy.contacts[cid].model_dump() == contact.model_dump(), cid
    assert {a.id: a.name for a in copy.accounts.values()} == {
        a.id: a.name for a in original.accounts.values()
    }


def test_export_csv_is_the_documented_column_set(example_dir):
    from pipetrack.domain.importing import EXPORT_COLUMNS

    result = run(example_dir, "export")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    wang = next(r for r in rows if r["id"] == "wang-jingli")
    assert (wang["value"], wang["criteria.right_person"], wang["created"]) == ("186000", "true", "2026-10-19")
    assert json.loads(wang["history"])[0] == {"date": "2026-10-19", "stage": "opportunity"}
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    assert ", ".join(f"`{c}`" for c in EXPORT_COLUMNS) in readme  # documented, all of them
    accounts = json.loads(run(example_dir, "export", "accounts", "--format", "json").stdout)
    assert accounts[0]["id"] == "acme-logistics" and accounts[0]["opportunity"]["budget"] == 180000


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device"])
def test_out_refuses_anything_but_a_regular_file(example_dir, tmp_path, kind):
    target = tmp_path / "target"
    if kind == "symlink":
        (tmp_path / "real.csv").write_text("keep\n")
        target.symlink_to(tmp_path / "real.csv")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target = Path("/dev/full")
    for args in (["export", "--out", str(target)], ["report", "weekly", "--out", str(target)]):
        result = run(example_dir, *args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1
        assert "give a regular file or a new path" in result.stderr
    if kind == "symlink":
        assert target.is_symlink() and (tmp_path / "real.csv").read_text() == "keep\n"
    elif kind == "fifo":
        assert target.is_fifo()
    else:
        assert target.is_char_device()


def test_undo_after_an_import_removes_every_file_it_created(empty, tmp_path):
    rows, _, _ = generated(40)
    sheet = tmp_path / "team.csv"
    sheet.write_bytes(to_csv(rows))
    before = files(empty)
    assert run(empty, "import", str(sheet)).exit_code == 1  # the bad rows are refused, the rest written
    assert len(files(empty)) == len(before) + 40 + len(COMPANIES)
    history = run(empty, "history").stdout
    assert history.count("\n") == 1 and "import" in history  # one operation
    assert run(empty, "undo").exit_code == 0
    assert files(empty) == before


def test_export_json_writes_stages_as_text_without_warnings(example_dir):
    """pydantic warned once per stage on stderr (the stage field's serializer expected the enum)."""
    import subprocess
    import sys

    args = ["--data", str(example_dir), "--no-cache", "--today", "2026-11-23", "export", "--format", "json"]
    proc = subprocess.run(
        [sys.executable, "-m", "pipetrack", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    wang = next(c for c in json.loads(proc.stdout) if c["id"] == "wang-jingli")
    assert wang["history"][0] == {"date": "2026-10-19", "stage": "opportunity", "note": None}
