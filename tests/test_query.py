"""`pipetrack query`: read-only SQL over the folder's index, documented tables, one-line errors."""

from __future__ import annotations

import json

import pytest

from pipetrack.storage.cache import CACHE_DIR, INDEX_FILE

ANN = """\
name: Ann Smith
owner: li-na
account: acme
stage: closed
created: 2026-09-01
first_meeting: 2026-09-05
signed: 2026-10-03
value: 1000
history:
  - {date: 2026-09-01, stage: opportunity}
  - {date: 2026-10-03, stage: closed}
activities:
  - {date: 2026-10-20, kind: call, outcome: connected}
"""
BO = """\
name: 王波
owner: zhang-wei
stage: opportunity
history:
  - {date: 2026-10-01, stage: opportunity}
activities:
  - {date: 2026-10-02, kind: call, note: 没人接}
"""
CY = """\
name: Cy Young
owner: li-na
stage: closed
value: 250.5
history:
  - {date: 2026-11-10, stage: closed}
"""
PER_MONTH = (
    "SELECT c.owner, substr(h.date, 1, 7) AS month, count(*) AS deals, sum(c.value) AS value "
    "FROM history h JOIN contacts c ON c.id = h.contact WHERE h.stage = 'closed' "
    "GROUP BY c.owner, month ORDER BY month, c.owner"
)
QUIET = (
    "SELECT c.id, c.owner, max(a.date) AS last_activity FROM contacts c "
    "LEFT JOIN activities a ON a.contact = c.id WHERE c.stage NOT IN ('closed', 'lost') "
    "GROUP BY c.id HAVING last_activity IS NULL OR last_activity < date(today(), '-30 days')"
)


@pytest.fixture(autouse=True)
def written_later(monkeypatch):
    """The index is written 10 s after the test's files (they are not racily clean)."""
    import time

    from pipetrack.storage.cache import codec

    real = time.time_ns
    monkeypatch.setattr(codec, "_now", lambda: real() + 10 * 10**9)


@pytest.fixture
def team(folder):
    folder.contact("ann", ANN)
    folder.contact("bo", BO)
    folder.contact("cy", CY)
    folder.account("acme", "name: Acme Printing\ntier: gold\n")
    return folder


def test_deals_closed_per_owner_per_month(team):
    result = team.run("query", PER_MONTH)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "owner   month     deals   value\n"
        "───────────────────────────────\n"
        "li-na   2026-10       1    1000\n"
        "li-na   2026-11       1   250.5\n"
        "2 row(s)\n"
    )


def test_contacts_with_no_activity_for_30_days_as_of_today(team):
    assert json.loads(team.run("query", QUIET, "--format", "json").stdout) == [
        {"id": "bo", "last_activity": "2026-10-02", "owner": "zhang-wei"}
    ]
    assert json.loads(team.run("query", QUIET, "--format", "json", today="2026-10-20").stdout) == []


def test_csv_and_the_tables_columns(team):
    result = team.run("query", "SELECT id, name, stage, value FROM contacts ORDER BY id", "--format", "csv")
    assert (
        result.stdout
        == "id,name,stage,value\nann,Ann Smith,closed,1000\nbo,王波,opportunity,\ncy,Cy Young,closed,250.5\n"
    )
    accounts = team.run("query", "SELECT id, file, name, tier FROM accounts", "--format", "json")
    assert json.loads(accounts.stdout) == [
        {"file": "accounts/acme.yaml", "id": "acme", "name": "Acme Printing", "tier": "gold"}
    ]
    notes = team.run("query", "SELECT contact, kind, note FROM activities WHERE note IS NOT NULL")
    assert notes.stdout.splitlines()[2].split() == ["bo", "call", "没人接"]


def test_the_index_is_brought_up_to_date_first(team):
    assert team.run("query", "SELECT count(*) FROM contacts").stdout.splitlines()[2].strip() == "3"
    (team.root / "contacts" / "cy.yaml").unlink()
    team.contact("dee", "name: Dee\nstage: 25%\nfirst_meeting: 2026-11-01\n")
    ids = team.run("query", "SELECT group_concat(id, ' ') AS ids FROM (SELECT id FROM contacts ORDER BY id)")
    assert ids.stdout.splitlines()[2] == "ann bo dee"


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM contacts",
        "UPDATE contacts SET owner = 'x'",
        "INSERT INTO contacts(id) VALUES ('x')",
        "DROP TABLE contacts",
        "CREATE TABLE t(x)",
        "ATTACH DATABASE '/tmp/elsewhere.sqlite' AS x",
        "PRAGMA journal_mode = WAL",
        "PRAGMA writable_schema = ON",
        "VACUUM",
        "SELECT load_extension('x')",
    ],
)
def test_anything_that_writes_is_refused_and_nothing_changes(team, sql):
    team.run("query", "SELECT 1")
    index = team.root / CACHE_DIR / INDEX_FILE
    before = index.read_bytes()
    result = team.run("query", sql)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: query: only one SELECT statement is run; writes, ATTACH and PRAGMA are refused\n"
    )
    assert index.read_bytes() == before
    assert team.run("query", "SELECT count(*) FROM contacts").stdout.splitlines()[2].strip() == "3"


@pytest.mark.parametrize(
    ("sql", "en", "zh"),
    [
        ("SELECT nope FROM contacts", "no such column: nope", "没有这一列: nope"),
        ("SELECT * FROM deals", "no such table: deals", "没有这张表: deals"),
        ("SELEC 1", 'near "SELEC": syntax error', "“SELEC” 附近有语法错误"),
        ("SELECT 1; SELECT 2", "You can only execute one statement at a time.", "一次只能执行一条语句"),
    ],
)
def test_bad_sql_is_one_line_naming_what_is_wrong(team, sql, en, zh):
    result = team.run("query", sql)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: query: {en}\n")
    result = team.run("--lang", "zh", "query", sql)
    assert (result.exit_code, result.stderr) == (2, f"错误: query: 查询语句有误: {zh}\n")


def test_no_cache_is_refused_in_words(team):
    result = team.run("--no-cache", "query", "SELECT 1")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: query reads the folder's index; run it without --no-cache\n",
    )
