"""`exclude-newer` values compared as uv 0.13.9's `ExcludeNewer::compare` does
(crates/uv-configuration/src/exclude_newer.rs, values parsed as in uv-distribution-types).

A value is an RFC 3339 timestamp, a date (the start of the next day in the machine's time zone),
or a span (`1 week`, `P7D`) counted back from now. A later absolute cutoff keeps the lock (every
locked artifact is still allowed); an earlier one, an added or removed one, or a changed span does
not. Where the answer depends on what cannot be known here (the time zone of a date) it is None.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from auditor.frozen import frozen

if TYPE_CHECKING:
    from datetime import datetime

_UNITS = {
    "y": "years", "yr": "years", "yrs": "years", "year": "years", "years": "years",
    "mo": "months", "mos": "months", "month": "months", "months": "months",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "d": "days", "day": "days", "days": "days",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds", "seconds": "seconds",
}  # fmt: skip


@frozen
class Cutoff:
    """An absolute cutoff (`earliest`..`latest`: a date's time zone is unknown) or a span."""

    earliest: datetime | None = None
    latest: datetime | None = None
    span: tuple[tuple[str, int], ...] | None = None


def _timestamp(text: str) -> datetime | None:
    from datetime import datetime  # lazily: only a lock with exclude-newer needs it

    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _span(text: str) -> tuple[tuple[str, int], ...] | None:
    """The span's fields (jiff compares spans field by field), or None when it is not one."""
    text = text.strip().lower()
    fields: dict[str, int] = {}
    iso = re.fullmatch(r"p(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)w)?(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?)?", text)
    if iso and text != "p":
        names = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")
        fields = {n: int(v) for n, v in zip(names, iso.groups(), strict=True) if v}
    else:
        parts = re.findall(r"(\d+)\s*([a-z]+)", text.removesuffix(" ago"))
        if not parts or re.sub(r"[\d\s,a-z]", "", text):
            return None
        for number, unit in parts:
            if unit not in _UNITS:
                return None
            fields[_UNITS[unit]] = fields.get(_UNITS[unit], 0) + int(number)
    return tuple(sorted(fields.items()))


def parse(value: object) -> Cutoff | None:
    """A `[tool.uv] exclude-newer` value or a uv.lock `[options]` one; None when unreadable."""
    if isinstance(value, dict):  # the lock's `{ timestamp = ..., span = ... }`
        span = _span(str(value.get("span", "")))
        return Cutoff(span=span) if span is not None else None
    if not isinstance(value, str):
        return None
    stamp = _timestamp(value)
    if stamp is not None:
        return Cutoff(stamp, stamp)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        from datetime import datetime, timedelta, timezone

        try:
            day = datetime.fromisoformat(value).replace(tzinfo=timezone.utc) + timedelta(days=1)
        except ValueError:
            return None
        return Cutoff(day - timedelta(hours=14), day + timedelta(hours=12))
    span = _span(value)
    return Cutoff(span=span) if span is not None else None


def changed(locked: Cutoff, current: Cutoff) -> bool | None:
    """Whether uv re-resolves for this change of cutoff (None: cannot be told)."""
    if (locked.span is None) != (current.span is None):
        return True
    if locked.span is not None:
        return locked.span != current.span  # the same span moving with the clock keeps the lock
    assert locked.earliest and locked.latest and current.earliest and current.latest
    if current.latest < locked.earliest:
        return True
    if current.earliest >= locked.latest:
        return False
    return None
