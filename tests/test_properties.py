"""Property tests: what holds for every input, not just the examples we thought of."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipetrack.domain.errors import DataError
from pipetrack.domain.ids import is_valid_id, slugify
from pipetrack.domain.models import (
    ACTIVITY_KINDS,
    CALL_OUTCOMES,
    Activity,
    Contact,
    Criteria,
    HistoryEntry,
    Profile,
    Stage,
)
from pipetrack.storage import yamlio
from pipetrack.storage.store import Store

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text as a person types it: any printable character of any script, spaces, line breaks.
text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), whitelist_characters="\n\t"),
    min_size=0,
    max_size=40,
)
name = text.filter(lambda s: s.strip() != "" and s == s.strip())
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
# Money: whole amounts or cents. (ruamel re-spells some extreme floats such as
# 7.607348184754649e-251 in its last digit on a no-op dump; no amount looks like that.)
amount = st.one_of(st.integers(0, 10**12), st.integers(0, 10**11).map(lambda cents: cents / 100))

activities = st.builds(
    Activity,
    date=days,
    kind=st.sampled_from(ACTIVITY_KINDS),
    outcome=st.none() | st.sampled_from(CALL_OUTCOMES),
    note=st.none() | text,
)
contacts = st.builds(
    Contact,
    name=name,
    account=st.none() | st.from_regex(r"[a-z0-9]{1,10}", fullmatch=True),
    title=st.none() | text,
    phone=st.none() | text,
    created=st.none() | days,
    stage=st.sampled_from(list(Stage)),
    first_meeting=st.none() | days,
    value=st.none() | amount,
    criteria=st.builds(
        Criteria,
        right_person=st.none() | st.booleans(),
        budget=st.none() | amount | st.booleans(),
        signing_date=st.none() | days,
        next_step=st.none() | text,
    ),
    profile=st.builds(
        Profile,
        attitude=st.none() | st.integers(-4, 4),
        roles=st.lists(st.sampled_from(["decider", "user", "evaluator"]), max_size=3),
    ),
    history=st.lists(st.builds(HistoryEntry, date=days, stage=st.sampled_from(list(Stage))), max_size=4),
    activities=st.lists(activities, max_size=4),
    notes=st.none() | text,
)


def to_doc(contact: Contact):
    """The contact as the writer builds a file: flow-style list entries, as `log`/`move` write them."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    plain = contact.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
    doc = CommentedMap()
    for key, value in plain.items():
        if key in ("history", "activities"):
            value = CommentedSeq(
                [yamlio.flow_map({k: getattr(v, "value", v) for k, v in item.items()}) for item in value]
            )
        elif key == "stage":
            value = Stage(value).value
        doc[key] = value
    return doc


@SETTINGS
@given(contacts)
def test_any_contact_survives_write_then_load(contact):
    data = yamlio.dump_roundtrip(to_doc(contact))
    loaded = Contact.model_validate(yamlio.load_mapping(data, "contacts/x.yaml"))
    assert loaded.model_dump() == contact.model_dump()
    # and a no-op edit of what was written changes nothing
    doc, fmt = yamlio.load_roundtrip(data, "contacts/x.yaml")
    assert yamlio.dump_roundtrip(doc, fmt) == data


@SETTINGS
@given(st.text(max_size=200))
def test_any_name_gives_a_safe_stable_id(any_name):
    made = slugify(any_name)
    assert is_valid_id(made)
    assert slugify(any_name) == made  # stable
    assert slugify(made) == made  # an id is its own id
    path = Store(Path("/data")).path("contacts", made)
    assert path.parent == Path("/data/contacts") and path.name == f"{made}.yaml"


yamlish = st.lists(
    st.sampled_from(
        [
            "name: ",
            "stage: 25%",
            "\n",
            "  ",
            "- ",
            "[",
            "]",
            "{",
            "}",
            ",",
            ": ",
            "&a ",
            "*a",
            "!!str ",
            "!x ",
            "#",
            "'",
            '"',
            "|\n",
            ">\n",
            "? ",
            "---\n",
            "...\n",
            "2026-02-30",
            "1e400",
            "0x",
            "<<<<<<< ",
            "\t",
            "\r\n",
            "\ufeff",
            "王",
            "\x00",
            "\x85",
            "~",
            "null",
            "true",
        ]
    ),
    max_size=40,
).map("".join)


@SETTINGS
@given(st.one_of(st.binary(max_size=300), yamlish.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_random_bytes_raise_nothing_but_data_error(data):
    with contextlib.suppress(DataError):
        yamlio.load_mapping(data, "contacts/x.yaml")
    with contextlib.suppress(DataError):
        yamlio.load_roundtrip(data, "contacts/x.yaml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), yamlish.map(str.encode)))
def test_random_files_never_break_the_load(data):
    root = Path(tempfile.mkdtemp())
    try:
        (root / "contacts").mkdir()
        (root / "pipetrack.yaml").write_text("owner: li-na\n")
        (root / "contacts" / "x.yaml").write_bytes(data)
        (root / "contacts" / "good.yaml").write_text("name: Good\n")
        folder = Store(root, cwd=root).load(use_cache=False)
        assert "good" in folder.contacts
        assert ("x" in folder.contacts) != any(p.path == "contacts/x.yaml" for p in folder.problems)
    finally:
        shutil.rmtree(root)
