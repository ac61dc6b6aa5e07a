"""Milestones: the versions of a document worth pointing out.

A version is a milestone when, compared with the document's previous version:

* its ``status`` changed to ``remiss``, ``fastställd``, ``upphävd``,
  ``justerad`` (mötesanteckning) or back to ``utkast`` — "Remissversion
  2024-04-01", "Fastställd 2024-09-13", "Upphävd 2025-01-01", "Justerad …",
  "Åter till utkast …";
* it is still ``fastställd`` but its ``fastställd`` date changed: a new
  decision (a new edition decided without passing through another status),
  "Fastställd 2025-06-10";
* otherwise, its ``version`` label changed to a new, non-empty label:
  "Version 2.0" for a number, the label itself for words ("Remissversion").

One version has at most one milestone; the order above decides which. The
date is the document's own ``fastställd`` or ``upphävd`` date when that is
what changed, else the commit's (author) date. The first version is a
milestone only when its status is not ``utkast`` (a document committed
already decided reads "Fastställd …"); a status that is not one of the known
values never makes a milestone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..status import date_sv
from .model import Milestone, Version

_TEXTS = {
    "remiss": "Remissversion",
    "fastställd": "Fastställd",
    "upphävd": "Upphävd",
    "justerad": "Justerad",
    "utkast": "Åter till utkast",
}


def milestone(previous: Version | None, current: Version) -> Milestone | None:
    """The milestone ``current`` marks after ``previous`` (None for the first version)."""
    status = current.status
    if previous is None:
        if status == "utkast":
            return None
        return _status_milestone(current)
    if status != previous.status:
        return _status_milestone(current)
    if status == "fastställd" and current.faststalld and current.faststalld != previous.faststalld:
        return _status_milestone(current)
    if current.label and current.label != previous.label:
        label = current.label
        text = f"Version {label}" if label[0].isdigit() else label[0].upper() + label[1:]
        return Milestone("version", text)
    return None


def _status_milestone(version: Version) -> Milestone | None:
    if version.status not in _TEXTS:
        return None
    day: dt.date = version.commit.date.date()
    if version.status == "fastställd" and version.faststalld:
        day = version.faststalld
    elif version.status == "upphävd" and version.upphavd:
        day = version.upphavd
    return Milestone(version.status, f"{_TEXTS[version.status]} {date_sv(day)}")


def finish(versions: list[Version]) -> list[Version]:
    """Number ``versions`` (oldest first) from 1 and set previous paths and milestones."""
    result: list[Version] = []
    previous: Version | None = None
    for number, version in enumerate(versions, start=1):
        moved_from = previous.path if previous and previous.path != version.path else None
        result.append(
            dataclasses.replace(
                version,
                number=number,
                previous_path=moved_from,
                milestone=milestone(previous, version),
            )
        )
        previous = version
    return result
