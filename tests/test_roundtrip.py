"""Round trips, byte for byte: a no-op load/dump changes nothing, and the
commands that write (`move`, `log`, `add`) change exactly their own lines."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from pipetrack.domain.models import Contact
from pipetrack.storage import yamlio

NOOP_FILES = {
    "spec-contact": """\
name: 张先生
account: fashion-chain       # an account id
owner: li-na
title: Owner
phone: "+86 138 0000 0000"
source: referral             # referral | cold-call | event | online | ...
created: 2026-10-05          # first sales attempt: the start of the cycle
stage: 50%                   # opportunity | first-meeting | 25% | 50% | 90% | closed | lost
first_meeting: 2026-10-08
next_meeting: 2026-10-20T14:00
criteria:
  right_person: true
  plan_fits: true
  budget: 1500               # a number, or true when a range was discussed
  signing_date: 2026-10-30
  next_step: discuss the formal proposal and a comparison with two competitors
signed: 2026-10-30
paid: 2026-11-01
value: 18000                 # the deal's amount (booked when signed)
paid_amount: 18000           # collected when paid; defaults to value
lost_reason: null
profile:
  function: user             # user | oversight | finance
  level: executive           # operational | management | executive
  roles: [decider]           # initiator | decider | designer | evaluator | user | technical | influencer
  supporter: coach           # insider | sponsor | coach
  attitude: 2                # -4 .. +4
  personality: driver        # analytical | driver | expressive | amiable
  relationship: trust        # acquainted | dating | trust | alliance
  needs: [achievement]       # security | belonging | respect | achievement | power
history:                     # written by pipetrack on every stage change
  - {date: 2026-10-05, stage: opportunity}
  - {date: 2026-10-06, stage: first-meeting}
activities:                  # written by `pipetrack log`
  - {date: 2026-10-05, kind: call, outcome: meeting-set}
  - {date: 2026-10-08, kind: meeting, note: met at his shop}
notes: |
  Works long hours, worried about time with his children.
""",
    "spec-account": """\
name: 某印刷公司
tier: gold                   # platinum | gold | silver
industry: printing
size: 1000                   # employees
share_of_wallet: 0.3         # 0..1 of their spend in our category
opportunity:                 # the five questions
  budget: 200000
  purchase_date: 2027-03-01
  fit: true
  worth_it: true
  can_win: unknown           # true | false | unknown
products_in_use: [{product: PBX, brand: X, quantity: 1, years: 6}]
competitors: [{name: Y, rep: 王, strengths: price, weaknesses: service}]
notes: a printing company in Dongguan
""",
    "comments-everywhere": """\
# A contact kept by hand.
# Two lines of header.

name: Wang Wei   # the buyer

# the stage, updated weekly
stage: 25%
criteria:
  # evidence, not checkboxes
  budget: 1500   # RMB
  right_person: true
# the end
""",
    "quotes-both-styles": """\
name: 'Zhang'
phone: "+86 138 0000 0000"
title: 'it''s the owner'
note: "a \\"quoted\\" word"
source: "referral"
email: 'z@example.com'
""",
    "flow-history": """\
name: A
history:
  - {date: 2026-10-05, stage: opportunity}
  - {date: 2026-10-06, stage: first-meeting, note: 'set by phone: Tuesday'}
  - {date: 2026-10-08, stage: 25%}
""",
    "block-lists": """\
name: A
profile:
  roles:
    - decider
    - user
activities:
  - date: 2026-10-05
    kind: call
    outcome: connected
  - date: 2026-10-06
    kind: meeting
""",
    "flow-collections": """\
name: A
profile: {roles: [decider, user], attitude: -2}
needs: [achievement, power]
empty_list: []
empty_map: {}
""",
    "chinese": """\
name: 王经理
title: 总经理
source: 展会
notes: 工作时间长，担心与孩子相处的时间。  # 中文注释
stage: 约定初次见面
""",
    "block-scalars": """\
name: A
notes: |
  line one
  line two

  after a blank line
summary: >
  folded
  text
keep: |+
  kept

strip: |-
  stripped
""",
    "yes-no-on": """\
name: no
title: yes
flag: on
other: Off
""",
    "numbers-and-dates": """\
name: A
value: 18000
paid_amount: 17999.50
phone: '0755123'
created: 2026-10-05
next_meeting: 2026-10-20T14:00
code: 0x1F
""",
    "long-line": "name: A\nnote: " + "word " * 200 + "end\n",
    "emoji": 'name: Li 🙂\nnote: "🙂 ok"\n',
}

CRLF = "name: A\r\n# comment\r\nstage: 25%\r\nhistory:\r\n  - {date: 2026-10-05, stage: opportunity}\r\n"
BYTE_FILES = {
    "crlf": CRLF.encode(),
    "bom": "\ufeffname: 张三\nstage: 25%\n".encode(),
    "bom-crlf": ("\ufeff" + CRLF).encode(),
}


def noop(data: bytes) -> bytes:
    doc, fmt = yamlio.load_roundtrip(data, "contacts/x.yaml")
    return yamlio.dump_roundtrip(doc, fmt)


@pytest.mark.parametrize("name", sorted(NOOP_FILES))
def test_noop_round_trip_is_byte_identical(name):
    data = NOOP_FILES[name].encode("utf-8")
    yamlio.load_mapping(data, "contacts/x.yaml")  # a file the reader accepts
    assert noop(data) == data


@pytest.mark.parametrize("name", sorted(BYTE_FILES))
def test_noop_round_trip_keeps_crlf_and_bom(name):
    data = BYTE_FILES[name]
    assert noop(data) == data


@pytest.mark.xfail(
    strict=True,
    reason="ruamel writes every null as `null`: `phone:` and `~` change on any edit "
    "(yamlio sets ignore_aliases, which also turns ruamel's empty null off)",
)
@pytest.mark.parametrize("text", ["name: A\nphone:\n", "name: A\nphone: ~\n"])
def test_noop_round_trip_keeps_empty_and_tilde_nulls(text):
    assert noop(text.encode()) == text.encode()


# What ruamel still rewrites. Each one is a whole-file diff on the next `move`/`log`
# of such a file; they pass (and must lose their xfail) once yamlio keeps them.
KNOWN_CHANGES = {
    "wrapped-flow-mapping": "name: A\nprofile: {function: user, level: executive,\n          attitude: 2}\n",
    "document-end-marker-as-value": "name: A\nnotes: ...\n",
    "unicode-escape": 'name: "Li \\u738b"\n',
}


@pytest.mark.xfail(strict=True, reason="ruamel rewrites these; see the report")
@pytest.mark.parametrize("name", sorted(KNOWN_CHANGES))
def test_noop_round_trip_known_changes(name):
    data = KNOWN_CHANGES[name].encode()
    yamlio.load_mapping(data, "contacts/x.yaml")
    assert noop(data) == data


def test_noop_round_trip_keeps_a_missing_final_newline():
    data = b"name: A\nstage: 25%"
    assert noop(data) == data


def test_noop_round_trip_keeps_explicit_null():
    data = b"name: A\nlost_reason: null\n"
    assert noop(data) == data


def example_files() -> list[Path]:
    root = Path(__file__).resolve().parent.parent / "data" / "example"
    return sorted(root.rglob("*.yaml")) if root.is_dir() else []


def test_every_example_file_round_trips(example_dir):
    files = example_files()
    if not files:
        pytest.skip("data/example/ does not exist yet")
    changed = [str(p.relative_to(example_dir)) for p in files if noop(p.read_bytes()) != p.read_bytes()]
    assert changed == []


def test_round_trip_settings_template(folder):
    """The settings file `init` writes survives a round trip too."""
    result = folder.run("init", str(folder.root / "fresh"))
    assert result.exit_code == 0
    data = (folder.root / "fresh" / "pipetrack.yaml").read_bytes()
    assert noop(data) == data


# --- move ---------------------------------------------------------------------------

COMMENTED = """\
# A contact kept by hand
name: Wang Wei   # the buyer
account: huanan
stage: 25%       # updated weekly
first_meeting: 2026-11-01
favourite_tea: longjing  # unknown key, kept
criteria:
  right_person: true
  plan_fits: "fits the three shops"
  budget: 1500   # RMB
  signing_date: 2026-11-28
  next_step: 'review the formal proposal'
history:
  - {date: 2026-10-20, stage: opportunity}
  - {date: 2026-11-01, stage: 25%}

activities:
  - {date: 2026-11-01, kind: meeting, note: met at his shop}
notes: |
  Likes tea.
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_move_changes_only_the_stage_line_and_appends_history(folder):
    folder.account("huanan", "name: 华南印刷\n")
    path = folder.contact("wang", COMMENTED)
    result = folder.run("move", "wang", "50%")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Moved Wang Wei: 25% → 50% on 2026-11-23\n"
    expected = COMMENTED.replace(
        "stage: 25%       # updated weekly", "stage: 50%       # updated weekly"
    ).replace(
        "  - {date: 2026-11-01, stage: 25%}\n",
        "  - {date: 2026-11-01, stage: 25%}\n  - {date: 2026-11-23, stage: 50%}\n",
    )
    assert path.read_bytes() == expected.encode()
    assert changed_lines(COMMENTED, path.read_text("utf-8")) == [
        "-stage: 25%       # updated weekly",
        "+stage: 50%       # updated weekly",
        "+  - {date: 2026-11-23, stage: 50%}",
    ]


def test_move_with_alias_and_date_writes_the_canonical_stage(folder):
    folder.account("huanan", "name: 华南印刷\n")
    path = folder.contact("wang", COMMENTED)
    result = folder.run("move", "wang", "p50", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert changed_lines(COMMENTED, path.read_text("utf-8")) == [
        "-stage: 25%       # updated weekly",
        "+stage: 50%       # updated weekly",
        "+  - {date: 2026-11-20, stage: 50%}",
    ]


def test_move_keeps_crlf_and_bom(folder):
    text = (
        "name: A\r\nstage: opportunity\r\nfirst_meeting: 2026-11-30\r\nhistory:\r\n"
        "  - {date: 2026-11-01, stage: opportunity}\r\n"
    )
    path = folder.root / "contacts" / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = folder.run("move", "a", "fm")
    assert result.exit_code == 0, result.output
    expected = (
        text.replace("stage: opportunity\r\nfirst", "stage: first-meeting\r\nfirst")
        + "  - {date: 2026-11-23, stage: first-meeting}\r\n"
    )
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.encode()


def test_move_creates_history_before_activities_when_absent(folder):
    text = (
        "name: A\nstage: opportunity\nfirst_meeting: 2026-11-30\nactivities:\n"
        "  - {date: 2026-11-01, kind: call}\nnotes: hi\n"
    )
    path = folder.contact("a", text)
    assert folder.run("move", "a", "first-meeting").exit_code == 0
    assert path.read_text("utf-8") == (
        "name: A\nstage: first-meeting\nfirst_meeting: 2026-11-30\n"
        "history:\n  - {date: 2026-11-23, stage: first-meeting}\n"
        "activities:\n  - {date: 2026-11-01, kind: call}\nnotes: hi\n"
    )


def test_move_to_the_same_stage_writes_nothing(folder):
    folder.account("huanan", "name: 华南印刷\n")
    path = folder.contact("wang", COMMENTED)
    mtime = path.stat().st_mtime_ns
    result = folder.run("move", "wang", "25")
    assert result.exit_code == 0
    assert result.stdout == "Wang Wei is at 25% already; nothing changed\n"
    assert path.read_bytes() == COMMENTED.encode() and path.stat().st_mtime_ns == mtime


# --- log ---------------------------------------------------------------------------------


def test_log_appends_exactly_one_activity_line(folder):
    folder.account("huanan", "name: 华南印刷\n")
    path = folder.contact("wang", COMMENTED)
    result = folder.run(
        "log",
        "wang",
        "call",
        "--outcome",
        "meeting-set",
        "--note",
        "meets Tuesday: 10am",
        "--date",
        "2026-11-22",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Logged call (meeting-set) for Wang Wei on 2026-11-22\n"
    expected = COMMENTED.replace(
        "  - {date: 2026-11-01, kind: meeting, note: met at his shop}\n",
        "  - {date: 2026-11-01, kind: meeting, note: met at his shop}\n"
        "  - {date: 2026-11-22, kind: call, outcome: meeting-set, note: 'meets Tuesday: 10am'}\n",
    )
    assert path.read_bytes() == expected.encode()


def test_log_creates_activities_before_notes(folder):
    path = folder.contact("a", "name: A\nstage: opportunity\nnotes: |\n  hi\n")
    assert folder.run("log", "a", "message").exit_code == 0
    assert path.read_text("utf-8") == (
        "name: A\nstage: opportunity\nactivities:\n  - {date: 2026-11-23, kind: message}\nnotes: |\n  hi\n"
    )


def test_log_appends_above_a_comment_that_follows_the_list(folder):
    text = (
        "name: A\nactivities:\n  - {date: 2026-11-01, kind: call}   # first call\n\n"
        "# notes below\nnotes: hi\n"
    )
    path = folder.contact("a", text)
    assert folder.run("log", "a", "call").exit_code == 0
    assert path.read_text("utf-8") == (
        "name: A\nactivities:\n  - {date: 2026-11-01, kind: call}   # first call\n"
        "  - {date: 2026-11-23, kind: call}\n\n# notes below\nnotes: hi\n"
    )


# --- add ------------------------------------------------------------------------------------


def test_add_contact_writes_the_house_style_and_round_trips(folder):
    folder.account("huanan", "name: 华南印刷有限公司\n")
    result = folder.run(
        "add",
        "contact",
        "王经理",
        "--account",
        "huanan",
        "--owner",
        "li-na",
        "--stage",
        "25",
        "--first-meeting",
        "2026-11-20",
        "--next-meeting",
        "2026-11-27",
        "--phone",
        "0755 1234 5678",
        "--title",
        "no",
        "--value",
        "18000",
        "--created",
        "2026-11-01",
        "--source",
        "referral",
    )
    assert result.exit_code == 0, result.output
    (path,) = (folder.root / "contacts").glob("*.yaml")
    assert path.name == "wang-jingli.yaml"
    data = path.read_bytes()
    assert (
        data
        == (
            "name: 王经理\n"
            "account: huanan\n"
            "owner: li-na\n"
            "title: no\n"
            "phone: 0755 1234 5678\n"
            "source: referral\n"
            "created: 2026-11-01\n"
            "stage: 25%\n"
            "first_meeting: 2026-11-20\n"
            "next_meeting: 2026-11-27\n"
            "value: 18000\n"
            "history:\n"
            "  - {date: 2026-11-01, stage: 25%}\n"
        ).encode()
    )
    assert noop(data) == data
    c = Contact.model_validate(yamlio.load_mapping(data, "x"))
    assert c.title == "no" and c.phone == "0755 1234 5678"


def test_add_contact_quotes_what_would_not_read_back_as_text(folder):
    result = folder.run(
        "add", "contact", "Zhang San", "--phone", "0755123", "--title", "2026-01-01", "--value", "12.5"
    )
    assert result.exit_code == 0, result.output
    data = (folder.root / "contacts" / "zhang-san.yaml").read_bytes()
    assert data == (
        b"name: Zhang San\nowner: li-na\ntitle: '2026-01-01'\nphone: '0755123'\n"
        b"created: 2026-11-23\nstage: opportunity\nvalue: 12.5\n"
        b"history:\n  - {date: 2026-11-23, stage: opportunity}\n"
    )
    assert noop(data) == data
    c = Contact.model_validate(yamlio.load_mapping(data, "x"))
    assert (c.phone, c.title) == ("0755123", "2026-01-01")


def test_add_account_writes_the_house_style(folder):
    result = folder.run(
        "add",
        "account",
        "华南印刷有限公司",
        "--id",
        "huanan",
        "--tier",
        "gold",
        "--industry",
        "printing",
        "--size",
        "1000",
    )
    assert result.exit_code == 0, result.output
    data = (folder.root / "accounts" / "huanan.yaml").read_bytes()
    assert data == "name: 华南印刷有限公司\ntier: gold\nindustry: printing\nsize: 1000\n".encode()
    assert noop(data) == data


def test_added_then_moved_then_logged_file_is_still_house_style(folder):
    assert (
        folder.run(
            "add", "contact", "Li Na", "--stage", "fm", "--first-meeting", "2026-11-20", today="2026-11-18"
        ).exit_code
        == 0
    )
    assert (
        folder.run("move", "li-na", "25%", "--next-meeting", "2026-11-27", today="2026-11-20").exit_code == 0
    )
    assert folder.run("log", "li-na", "meeting", "--note", "demo", today="2026-11-20").exit_code == 0
    data = (folder.root / "contacts" / "li-na.yaml").read_bytes()
    assert data == (
        b"name: Li Na\nowner: li-na\ncreated: 2026-11-18\nstage: 25%\nfirst_meeting: 2026-11-20\n"
        b"next_meeting: 2026-11-27\n"
        b"history:\n"
        b"  - {date: 2026-11-18, stage: first-meeting}\n"
        b"  - {date: 2026-11-20, stage: 25%}\n"
        b"activities:\n"
        b"  - {date: 2026-11-20, kind: meeting, note: demo}\n"
    )
    assert noop(data) == data


# --- line breaks YAML reads specially (issue 15, item 4) -----------------------------------


@pytest.mark.parametrize("brk", ["\x85", "\u2028", "\u2029", "\r"], ids=["NEL", "LS", "PS", "CR"])
def test_a_note_with_a_unicode_line_break_reads_back_as_written(folder, brk):
    from pipetrack.storage import yamlio

    path = folder.contact("a", "name: A\nactivities:\n  - {date: 2026-11-01, kind: call}\n")
    before = path.read_bytes()
    note = f"rang{brk}no answer"
    assert folder.run("log", "a", "call", "--note", note).exit_code == 0
    data = path.read_bytes()
    assert data.startswith(before)
    assert yamlio.load_mapping(data, "a")["activities"][-1]["note"] == note
    # and a second edit leaves that line as it is
    assert folder.run("log", "a", "visit").exit_code == 0
    assert path.read_bytes().startswith(data)


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
def test_log_keeps_the_files_own_line_ends(folder, newline):
    text = "name: A   # old Mac\nstage: opportunity\nactivities:\n  - {date: 2026-11-01, kind: call}\n"
    path = folder.root / "contacts" / "a.yaml"
    path.write_bytes(text.replace("\n", newline).encode())
    assert folder.run("log", "a", "visit").exit_code == 0
    want = text + "  - {date: 2026-11-23, kind: visit}\n"
    assert path.read_bytes() == want.replace("\n", newline).encode()


@pytest.mark.parametrize(
    "text, why",
    [
        ("name: A\r\nstage: opportunity\nactivities: []\r\n", "mixed line ends"),
        ("name: A\nstage: opportunity\rnotes: x\n", "mixed line ends"),
        ("name: A\nnotes: 'one\u2028two'\n", "contains a raw U+2028 (line separator)"),
        ('name: A\nnotes: "one\x85two"\n', "contains a raw U+0085 (next line)"),
    ],
    ids=["crlf-lf", "cr-lf", "raw-LS", "raw-NEL"],
)
def test_an_edit_that_could_not_keep_the_bytes_is_refused_with_one_line(folder, text, why):
    path = folder.root / "contacts" / "a.yaml"
    path.write_bytes(text.encode())
    result = folder.run("log", "a", "visit")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and why in result.stderr
    assert result.stderr.startswith("error: ") and "contacts/a.yaml" in result.stderr
    assert path.read_bytes() == text.encode()


def test_a_raw_line_separator_that_round_trips_is_edited_normally(folder):
    # what pipetrack before this fix wrote for such a note: ruamel reads and writes it back the same
    text = "name: A\nactivities:\n  - {date: 2026-11-01, kind: call, note: 'x\u2028      y'}\n"
    path = folder.root / "contacts" / "a.yaml"
    path.write_bytes(text.encode())
    assert folder.run("log", "a", "visit").exit_code == 0
    assert path.read_bytes() == (text + "  - {date: 2026-11-23, kind: visit}\n").encode()
