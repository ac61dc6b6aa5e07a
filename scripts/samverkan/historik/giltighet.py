"""When each decided edition of a document was in force, read from its history.

Only versions with ``status: fastställd`` and a ``giltig_från`` date are ever
in force; ``upphävd`` versions only end periods, and every other status
(``utkast``, ``remiss`` — a revision being drafted) changes nothing: the
edition decided before stays in force meanwhile.

An *edition* is what the fastställd versions sharing one ``giltig_från``
date say. Several commits may carry the same edition (a typo fixed after the
decision); the latest of them represents it — that is the version
:func:`in_force` returns.

The versions are read oldest first, and the newest one always has the last
word from its own start date on:

* a fastställd version starting on S replaces the edition starting on S and
  removes every edition starting after S (a newer edition, or a return to an
  older one, a moved start date, a withdrawn decision: whatever was recorded
  for the time from S on before is superseded);
* an upphävd version ends every edition recorded before it the day before
  its ``upphävd`` date (the commit date when the date is missing): on the
  day of the repeal the document no longer applies. A later fastställd
  version starts afresh.

The periods are then sorted by start. Each ends on the earliest of: its
edition's ``giltig_till`` (the last day in force), the day before the next
edition's start, and the day before a repeal. A period that would end before
it starts is left out, so periods never overlap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Version

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A time when ``version`` was in force; ``end`` is the last day (None: until further notice)."""

    version: Version
    start: dt.date
    end: dt.date | None

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def periods(versions: list[Version]) -> list[Period]:
    """The in-force periods of one document's versions (oldest first), sorted by start."""
    editions: dict[dt.date, tuple[Version, dt.date | None]] = {}  # start -> (version, repealed)
    for version in versions:
        start = version.giltig_fran
        if version.status == "fastställd" and start is not None:
            editions = {s: e for s, e in editions.items() if s < start}
            editions[start] = (version, None)
        elif version.status == "upphävd":
            repealed = version.upphavd or version.commit.date.date()
            editions = {s: (v, repealed) for s, (v, _) in editions.items()}
    result: list[Period] = []
    starts = sorted(editions)
    for index, start in enumerate(starts):
        version, repealed = editions[start]
        ends = [version.giltig_till]
        if index + 1 < len(starts):
            ends.append(starts[index + 1] - _DAY)
        if repealed is not None:
            ends.append(repealed - _DAY)
        known = [day for day in ends if day is not None]
        end = min(known) if known else None
        if end is None or end >= start:
            result.append(Period(version, start, end))
    return result


def in_force(versions: list[Version], day: dt.date) -> Version | None:
    """The version in force on ``day``, or None when none was."""
    for period in periods(versions):
        if day in period:
            return period.version
    return None


def tense(start: dt.date | None, end: dt.date | None, today: dt.date) -> str:
    """The verb for a time in force seen from ``today``: "gällde" (over),
    "gäller" (now) or "kommer att gälla" (not yet)."""
    if start is not None and start > today:
        return "kommer att gälla"
    if end is not None and end < today:
        return "gällde"
    return "gäller"


def phrase(start: dt.date | None, end: dt.date | None, today: dt.date) -> str:
    """ "gäller från 2025-01-01", "gällde 2025-01-01 – 2025-12-31",
    "kommer att gälla 2027-01-01 – 2027-12-31"; "" without a start."""
    if start is None:
        return ""
    verb = tense(start, end, today)
    if end is None:
        return f"{verb} från {start.isoformat()}"
    return f"{verb} {start.isoformat()} – {end.isoformat()}"
