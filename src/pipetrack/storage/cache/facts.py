"""A contact's slim facts as bytes: ``marshal`` of plain tuples, dates as day ordinals.

``encode`` turns a validated ``Contact`` into the bytes the index keeps (None
when the contact cannot be slim: keys pipetrack does not know anywhere in it,
or a value marshal cannot hold); ``decode`` gives back a
:class:`pipetrack.domain.slim.SlimContact` equal, field by field, to the model
(the equality test of the index compares every report's output). marshal reads
only plain values (numbers, texts, tuples, lists): a planted index cannot run
code through it.
"""

from __future__ import annotations

import marshal
from datetime import date, datetime
from typing import Any

from pipetrack.domain.models import Stage
from pipetrack.domain.slim import SlimActivity, SlimContact, SlimCriteria, SlimHistory, SlimProfile

#: Bumped whenever the tuples below change (part of the index's identity).
VERSION = 1

_STAGES: dict[str, Stage] = {s.value: s for s in Stage}


def _day(value: date | None) -> int | None:
    return None if value is None else value.toordinal()


def _moment(value: date | datetime | None) -> int | str | None:
    if isinstance(value, datetime):
        return value.isoformat()
    return None if value is None else value.toordinal()


def _plain(contact: Any) -> bool:
    """No unknown keys anywhere in the contact (those stay full models)."""
    blocks = (contact, contact.criteria, contact.profile, *contact.history, *contact.activities)
    return not any(block.model_extra for block in blocks)


def _cold(contact: Any) -> bytes:
    """The part of a contact most reports never read (domain.slim.COLD)."""
    pr = contact.profile
    profile = (
        pr.function,
        pr.level,
        list(pr.roles),
        pr.supporter,
        pr.attitude,
        pr.attitude_stated,
        pr.personality,
        pr.style,
        pr.relationship,
        list(pr.needs),
    )
    activities = [(a.date.toordinal(), a.kind, a.outcome, a.note) for a in contact.activities]
    return marshal.dumps(
        (
            contact.title,
            contact.phone,
            contact.email,
            contact.source,
            contact.lost_reason,
            profile,
            activities,
            contact.notes,
        )
    )


def encode(contact: Any) -> bytes | None:
    """The slim facts of a contact model, or None when it must stay a full model."""
    pms = isinstance(contact.stage, Stage)
    if not _plain(contact) or any(isinstance(h.stage, Stage) is not pms for h in contact.history):
        return None
    cr = contact.criteria
    try:
        return marshal.dumps(
            (
                pms,
                contact.id,
                contact.name,
                contact.account,
                contact.owner,
                _day(contact.created),
                str(contact.stage),
                _day(contact.first_meeting),
                _moment(contact.next_meeting),
                (cr.right_person, cr.plan_fits, cr.budget, _day(cr.signing_date), cr.next_step),
                _day(contact.signed),
                _day(contact.paid),
                contact.value,
                contact.paid_amount,
                [(h.date.toordinal(), str(h.stage), h.note) for h in contact.history],
                _cold(contact),
            )
        )
    except ValueError:  # a value of a type marshal does not hold
        return None


class _Days(dict):
    """Day ordinal -> date, each date built once per load (shared, as the cache's pickler did)."""

    def __missing__(self, ordinal: int) -> date:
        day = self[ordinal] = date.fromordinal(ordinal)
        return day


def _decode_cold(days: _Days, blob: bytes) -> dict[str, Any]:
    t = marshal.loads(blob)
    new = tuple.__new__
    return {
        "title": t[0],
        "phone": t[1],
        "email": t[2],
        "source": t[3],
        "lost_reason": t[4],
        "profile": new(SlimProfile, t[5]),
        "activities": [new(SlimActivity, (days[a[0]], a[1], a[2], a[3])) for a in t[6]],
        "notes": t[7],
    }


def decoder() -> Any:
    """A function from facts bytes to a SlimContact (one per load: its dates are shared).
    The hot part is built at once; the cold part (domain.slim.COLD) on first use."""
    import functools

    loads = marshal.loads
    new = tuple.__new__
    days = _Days()
    stages = _STAGES
    fromiso = datetime.fromisoformat
    cold = functools.partial(functools.partial, _decode_cold, days)

    def decode(blob: bytes) -> SlimContact:
        t = loads(blob)
        if t[0]:
            stage = stages[t[6]]
            history = [new(SlimHistory, (days[d], stages[s], n)) for d, s, n in t[14]]
        else:
            stage = t[6]
            history = [new(SlimHistory, (days[d], s, n)) for d, s, n in t[14]]
        cr = t[9]
        nm = t[8]
        return new(
            SlimContact,
            (
                t[1],
                t[2],
                t[3],
                t[4],
                None if t[5] is None else days[t[5]],
                stage,
                None if t[7] is None else days[t[7]],
                None if nm is None else days[nm] if nm.__class__ is int else fromiso(nm),
                new(SlimCriteria, (cr[0], cr[1], cr[2], None if cr[3] is None else days[cr[3]], cr[4])),
                None if t[10] is None else days[t[10]],
                None if t[11] is None else days[t[11]],
                t[12],
                t[13],
                history,
                cold(t[15]),
            ),
        )

    return decode


def to_model(slim: SlimContact, context: dict[str, Any] | None = None) -> Any:
    """The pydantic ``Contact`` of a slim contact (for the commands that need models: export),
    validated again from its values, which hold exactly what the file's model held."""
    from pipetrack.domain.models import Contact

    data = {name: getattr(slim, name) for name in Contact.model_fields if name != "id"}
    data["criteria"] = slim.criteria._asdict()
    data["profile"] = slim.profile._asdict()
    data["history"] = [h._asdict() for h in slim.history]
    data["activities"] = [a._asdict() for a in slim.activities]
    model = Contact.model_validate(data, context=context)
    model.id = slim.id
    return model
