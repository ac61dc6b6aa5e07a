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
date is the document's own (:mod:`.datering`): "Fastställd 2024-09-13",
"Remissversion, remisstid 2024-04-01 – 2024-05-31". A commit date never
stands in a milestone: a remiss without a period reads "Remissversion", and
the history shows when it was committed beside it. The first version is a
milestone only when its status is not ``utkast`` (a document committed
already decided reads "Fastställd …"); a status that is not one of the known
values never makes a milestone.
"""

from __future__ import annotations

import dataclasses

from ..wording import MILESTONE_TEXTS
from .datering import chronological
from .model import Dating, Milestone, Version


def milestone(previous: Version | None, current: Version, dated: Dating | None = None) -> Milestone | None:
    """The milestone ``current`` marks after ``previous`` (None for the first version)."""
    status = current.status
    if previous is None:
        if status == "utkast":
            return None
        return _status_milestone(current, dated)
    if status != previous.status:
        return _status_milestone(current, dated)
    if status == "fastställd" and current.faststalld and current.faststalld != previous.faststalld:
        return _status_milestone(current, dated)
    if current.label and current.label != previous.label:
        label = current.label
        text = f"Version {label}" if label[0].isdigit() else label[0].upper() + label[1:]
        return Milestone("version", text)
    return None


def _status_milestone(version: Version, dated: Dating | None) -> Milestone | None:
    if version.status not in MILESTONE_TEXTS:
        return None
    text = MILESTONE_TEXTS[version.status]
    if dated is not None and dated.from_document and dated.kind in ("fastställd", "upphävd"):
        text = f"{text} {dated.start.isoformat()}"
    elif dated is not None and dated.kind == "remiss":
        text = f"{text}, {dated.text}"
    return Milestone(version.status, text)


def finish(versions: list[Version]) -> list[Version]:
    """``versions`` (in commit order) in the document's order (:func:`.datering.chronological`),
    numbered from 1, dated, with previous paths and milestones."""
    result: list[Version] = []
    previous: Version | None = None
    for number, (version, dated) in enumerate(chronological(versions), start=1):
        where = previous.path_after if previous else None
        result.append(
            dataclasses.replace(
                version,
                number=number,
                previous_path=where if where and where != version.path else None,
                milestone=milestone(previous, version, dated),
                dating=dated,
            )
        )
        previous = version
    return result
