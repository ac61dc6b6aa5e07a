"""Versions dated and ordered by what the documents say, not by when they were committed.

A region that moves its archive into git commits years of versions on one
day, and may commit them in any order; the commit date then says nothing
about the document. So each version is dated by its own front matter
(:func:`dating`):

* a decided version (``status: fastställd``) by its ``fastställd`` date, a
  repealed one by its ``upphävd`` date;
* a remiss version by its remiss period: ``remiss.från``/``remiss.till`` when
  the document has them, else the ``beslutsprocess`` step that names a remiss.
  A period the version shares with an earlier decided version belongs to that
  decision's round (the field was carried over) and does not date it;
* a mötesanteckning by its ``datum``;
* anything else (an utkast, a remiss without a period) only by its commit
  date, shown as such ("incheckad 2026-11-24").

:func:`chronological` orders the versions by those dates. A version without a
date of its own stays right after the version it followed in git, so in the
ordinary case (commits in the order of the decisions) nothing moves.
:func:`notes` says in Swedish where the commit order and the document's dates
disagree, instead of showing an impossible sequence.
"""

from __future__ import annotations

import datetime as dt

from ..wording import date_sv
from .model import Dating, Version

_STATUS_WORDS = {"fastställd": "fastställd", "upphävd": "upphävd", "remiss": "remiss", "utkast": "utkast"}


def dating(version: Version, decided_rounds: frozenset[dt.date] = frozenset()) -> Dating:
    """What ``version`` says about its own date; ``decided_rounds``: remiss
    starts already carried by decided versions before it (in commit order)."""
    if version.status == "fastställd" and version.faststalld:
        return Dating("fastställd", version.faststalld)
    if version.status == "upphävd" and version.upphavd:
        return Dating("upphävd", version.upphavd)
    if version.status == "remiss" and version.remiss_fran and version.remiss_fran not in decided_rounds:
        return Dating("remiss", version.remiss_fran, version.remiss_till)
    if version.datum is not None:
        return Dating("möte", version.datum)
    return Dating("incheckad", version.commit.date.date())


def chronological(versions: list[Version]) -> list[tuple[Version, Dating]]:
    """``versions`` (in commit order) with their datings, in the document's order.

    Each version is placed by its own date; one without (an utkast, a remiss
    without a period) keeps the place of the version before it in git, and so
    does one whose date an earlier version already had (a correction after a
    decision, a withdrawn repeal going back to the decision) — but a decided
    version never before its own decision date (a remiss version of the same
    round committed after the decision and before the correction). Ties keep
    the commit order.
    """
    rounds: set[dt.date] = set()
    written: set[dt.date] = set()  # the rounds decided versions carried in a remiss block
    seen: set[Dating] = set()
    keyed: list[tuple[tuple, Version, Dating]] = []
    current: dt.date | None = None
    for index, version in enumerate(versions):
        # a remiss block is carried over only from a decided version that had the same
        # block; a period a decided version only implied (a beslutsprocess step) does
        # not make a remiss version's own block a carry-over
        dated = dating(version, frozenset(written if version.remiss_explicit else rounds))
        if version.status == "fastställd" and version.remiss_fran:
            rounds.add(version.remiss_fran)
            if version.remiss_explicit:
                written.add(version.remiss_fran)
        if dated.from_document and dated not in seen:
            current = dated.start
            seen.add(dated)
        elif dated.from_document and dated.kind in ("fastställd", "upphävd") and current and dated.start > current:
            # a correction of a decision never comes before the decision, even when a
            # version of its remiss round was committed in between
            current = dated.start
        keyed.append(((current is not None, current or dt.date.min, index), version, dated))
    keyed.sort(key=lambda item: item[0])
    return [(version, dated) for _, version, dated in keyed]


def _status(version: Version) -> str:
    return _STATUS_WORDS.get(version.status or "", version.status or "okänd status")


def notes(versions: list[Version]) -> list[str]:
    """Where the commits and the document's dates disagree, in plain Swedish.

    ``versions`` are finished (numbered in the document's order, dated).
    """
    out: list[str] = []
    commit_order = sorted(versions, key=lambda v: (v.commit.date, v.number))
    if [v.number for v in commit_order] != [v.number for v in versions]:
        out.append(
            "Versionerna checkades in i en annan ordning än dokumentets egna datum anger. De visas och "
            "numreras här i dokumentets ordning."
        )
    for index, version in enumerate(versions):
        if version.dating is None or version.dating.from_document:
            continue
        committed = version.commit.date.date()
        later = next(
            (
                v
                for v in versions[index + 1 :]
                if v.dating is not None and v.dating.from_document and v.dating.start < committed
            ),
            None,
        )
        if later is None:
            continue
        out.append(
            f"Version {version.number} ({_status(version)}) har inget eget datum i dokumentet. Den checkades in "
            f"{date_sv(committed)}, senare än version {later.number} som kommer efter den "
            f"({later.dating.text}), så dagen för incheckningen säger inget om när versionen togs fram."
        )
    return out
