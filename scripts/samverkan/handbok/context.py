"""One build of the handbook: the repository as this build may show it, the
relations between its parts, the build date and the page templates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field

import jinja2

from .. import amnen, historik, omfattning, templating, wording
from .. import status as status_module
from ..errors import RenderError
from ..historik import History, Version, giltighet
from ..lasbarhet import lix
from ..model import Document, Node, Repository
from ..relationer import Relations
from ..synlighet import View
from . import markup, paths, sokdata
from .page import Page

TEMPLATE_DIR = templating.PAGES


# the status filter groups dated labels ("Upphävd 2024-03-01" → "Upphävd")
_STATUS_FILTER = {
    "gallande": "Gällande",
    "kommande": "Fastställd, gäller senare",
    "upphavd": "Upphävd",
    "utgangen": "Ej längre gällande",
    "utkast": "Utkast",
    "remiss": "Remiss",
}


def _with_search_data(text: str, data: str) -> str:
    """The hidden search element right after the front matter (not on pages
    left out of the index: histories, old versions, comparisons)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1 and "\nsearch:\n  exclude: true" in text[:end]:
            return text
        if end != -1:
            end += len("\n---\n")
            return f"{text[:end]}{data}\n\n{text[end:]}"
    return f"{data}\n\n{text}"


def _date(value) -> str:
    """A date that never breaks at its hyphens (``.sv-datum`` is nowrap)."""
    text = wording.date_sv(value)
    return f'<span class="sv-datum">{text}</span>' if text else ""


class Pieces:
    """Made pieces of output (a calendar event's lines, a list's row), each
    under a key that holds everything it is made of: the same key gives the same
    bytes, so a piece is made once and shared by every page that shows it, in
    one build and, through :meth:`Handbook.with_repo`, the preview's next ones."""

    # forget everything past this many pieces (a long preview session)
    LIMIT = 200_000

    def __init__(self) -> None:
        self._made: dict = {}

    def get(self, key, make):
        """The piece under ``key``, made by ``make()`` when there is none."""
        try:
            return self._made[key]
        except KeyError:
            pass
        if len(self._made) >= self.LIMIT:
            self._made.clear()
        made = self._made[key] = make()
        return made

    def __len__(self) -> int:
        return len(self._made)


class Same:
    """An object in a :class:`Pieces` key, equal only to itself (a key holds it,
    so no other object can take its place at the same address)."""

    __slots__ = ("obj",)

    def __init__(self, obj) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other) -> bool:
        return isinstance(other, Same) and other.obj is self.obj


@dataclass
class Handbook:
    """Shared state of one build; page modules read it, never change it."""

    repo: Repository
    today: dt.date
    view: View
    rel: Relations
    env: jinja2.Environment
    # versions from git, already cut to what this build may show; None: no history
    history: History | None = None
    # Word and PDF downloads of every document (handbok.nedladdning)
    downloads: bool = False
    # the published site's address (mkdocs' site_url): feeds and calendars link
    # with it; None: links relative to the feed, calendars without links
    site_url: str | None = None
    # ids whose last version in git is intern: an old version may still name a
    # document that has since been removed, and it stays unnamed
    intern_in_history: frozenset[str] = frozenset()
    _in_force: dict = field(default_factory=dict, repr=False)
    # id -> the ready-made comparisons (handbok.historik.ready_pairs), made once per build
    pairs: dict = field(default_factory=dict, repr=False)
    # id -> the entries of the document's feed (handbok.prenumeration.changes), made once per build
    feed_changes: dict = field(default_factory=dict, repr=False)
    # what the whole build computes once and several parts read (by name, see once())
    memo: dict = field(default_factory=dict, repr=False)
    # id -> (document, titles its references read, LIX) as this build shows it (samverkan.lasbarhet)
    _lix: dict = field(default_factory=dict, repr=False)
    # the same from the builds before (with_repo): kept for a document that is the
    # same object and whose references read the same
    _lix_before: dict = field(default_factory=dict, repr=False)
    # pieces of pages and files by everything they are made of (:class:`Pieces`),
    # shared by the pages of a build and kept by the preview's next builds
    pieces: Pieces = field(default_factory=lambda: Pieces(), repr=False)

    @classmethod
    def create(
        cls,
        repo: Repository,
        today: dt.date,
        *,
        intern: bool = False,
        history: History | None = None,
        downloads: bool = False,
        site_url: str | None = None,
    ) -> Handbook:
        view = View(repo, intern=intern)
        env = templating.environment(TEMPLATE_DIR)  # the templates write Markdown; text goes through |md
        env.filters["md"] = markup.escape
        env.filters["code"] = markup.code
        env.filters["date"] = wording.date_sv
        env.filters["datum"] = _date
        env.filters["topic"] = amnen.tag_slug
        env.filters["yaml"] = lambda v: json.dumps(str(v), ensure_ascii=False)
        env.globals.update(TYPE_NAMES=wording.TYPE_NAMES, LEVEL_NAMES=wording.LEVEL_NAMES, paths=paths)
        gone: frozenset[str] = frozenset()
        if history is not None and not intern:
            gone = frozenset(i for i, versions in history.documents.items() if versions and versions[-1].intern)
            history = historik.public(history)
        return cls(
            repo,
            today,
            view,
            Relations.build(view),
            env,
            history,
            downloads,
            site_url=site_url or None,
            intern_in_history=gone,
        )

    def with_repo(self, repo: Repository, *, text_only: bool = False) -> Handbook:
        """The same build (date, history, templates) over another loaded ``repo``.

        The preview server's next build after a file changed: the history read
        from git and its version objects are kept, not cut again. ``text_only``:
        the documents of ``repo`` differ from this build's only in their text,
        so the relations are the same (:meth:`Relations.over`).
        """
        view = View(repo, intern=self.view.intern)
        rel = self.rel.over(view) if text_only else Relations.build(view)
        kept = {**self._lix_before, **self._lix}
        kept = {id_: hit for id_, hit in kept.items() if repo.get(id_) is hit[0]}
        return dataclasses.replace(
            self,
            repo=repo,
            view=view,
            rel=rel,
            _in_force={},
            pairs={},
            feed_changes={},
            memo={},
            _lix={},
            _lix_before=kept,
        )

    @property
    def intern(self) -> bool:
        return self.view.intern

    def versions(self, doc: Document) -> list[Version]:
        """The versions of ``doc`` this build may show, oldest first."""
        if self.history is None or not doc.id or not self.view.visible(doc):
            return []
        return self.history.of(doc.id)

    def in_force(self, doc: Document) -> Version | None:
        """The version of ``doc`` in force on the build date, from its history
        (asked by the document page, its history and every version page)."""
        if doc.id not in self._in_force:
            self._in_force[doc.id] = giltighet.in_force(self.versions(doc), self.today)
        return self._in_force[doc.id]

    def once(self, name: str, make):
        """What ``make()`` gives, made the first time this build asks for ``name``."""
        if name not in self.memo:
            self.memo[name] = make()
        return self.memo[name]

    def readability(self, doc: Document) -> lix.DocumentMeasure:
        """LIX of ``doc``'s running text, its references read as this build shows
        them (an intern document as "(internt dokument)")."""
        hit = self._lix.get(doc.id)
        if hit is None or hit[0] is not doc:
            hit = self._lix_before.get(doc.id)
            if hit is None or hit[0] is not doc or any(self._title(i) != t for i, t in hit[1].items()):
                read: dict[str, str | None] = {}

                def title(id_: str) -> str | None:
                    read[id_] = self._title(id_)
                    return read[id_]

                hit = (doc, read, lix.document(doc, title))
            self._lix[doc.id] = hit
        return hit[2]

    def _title(self, id_: str) -> str | None:
        """How a reference to ``id_`` reads in running text."""
        node = self.view.get(id_)
        if node is not None:
            return node.name
        return "(internt dokument)" if self.hidden(id_) else None

    @property
    def history_problem(self) -> str | None:
        return self.history.problem if self.history is not None else None

    def hidden(self, id_: str) -> bool:
        """Whether ``id_`` names something this build may not show (an intern document)."""
        node = self.repo.get(id_)
        if node is None:
            return id_ in self.intern_in_history
        return not self.view.visible(node)

    def status(self, doc: Document) -> status_module.Status:
        return status_module.status(doc, self.today)

    def pending(self, doc: Document) -> bool:
        """Whether ``doc`` is a proposal (utkast, remiss) that does not apply."""
        return status_module.pending(doc)

    def split(self, docs) -> tuple[list[Document], list[Document]]:
        """``docs`` as (decided, pending), each in the given order: the pending
        ones are shown only under "Pågående arbete"."""
        docs = list(docs)
        return [d for d in docs if not self.pending(d)], [d for d in docs if self.pending(d)]

    def level(self, node: Node) -> str | None:
        return omfattning.level(self.repo, node)

    def region(self, node: Node) -> str | None:
        """The region id of ``node`` (a bilaga's is its avtal's)."""
        return omfattning.region(self.repo, node)

    @property
    def regions(self) -> int:
        """How many regions the registry holds: lists name each document's
        region only when there is more than one."""
        return len(self.repo.of_type("region"))

    def entries(self, typ: str, **where) -> list:
        """Registry entries of ``typ`` whose keys equal ``where`` (None: key absent)."""
        return [e for e in self.repo.of_type(typ) if all(e.data.get(k) == v for k, v in where.items())]

    def scope(self, node: Node):
        return omfattning.scope(self.repo, node)

    def render(
        self,
        template: str,
        path: str,
        title: str,
        source: str | None = None,
        search: str | None = None,
        **values,
    ) -> Page:
        """A page at ``path`` from ``templates/handbok/<template>``; ``search``:
        what the search index knows about it (:mod:`.sokdata`), by default a
        listing page."""
        linker = markup.Linker(self.view, path)
        try:
            tpl = self.env.get_template(template)
        except jinja2.TemplateNotFound as e:
            raise RenderError(f"mallen {template} saknas i {TEMPLATE_DIR}") from e
        except jinja2.TemplateError as e:
            raise RenderError(f"mallen {template} har ett fel: {e}") from e
        try:
            text = self._fill(tpl, linker, title, values)
        except Exception as e:  # noqa: BLE001 - reported as one clear message, never a traceback
            raise RenderError(
                f"sidan {path} kunde inte skapas med mallen {template} ({type(e).__name__}: {e}) — "
                "rapportera felet till förvaltarna av verktyget"
            ) from e
        return Page(
            path=path,
            title=title,
            markdown=_with_search_data(text, search or sokdata.listing("Översikt")),
            source=source,
        )

    def search_data(self, doc: Document) -> str:
        """Pagefind metadata and filters of a document page."""
        s = self.status(doc)
        label = _STATUS_FILTER.get(s.kind, s.label)
        if doc.typ == "mötesanteckning":
            label = s.label
        parent = self.view.document(doc.data.get("bilaga_till"), "avtal") if doc.typ == "bilaga" else None
        region = self.repo.entry(self.region(doc), "region")
        level = wording.LEVEL_NAMES.get(self.level(doc) or "", "")
        meta = {
            "typ": wording.TYPE_NAMES.get(doc.typ or "", ""),
            "status": s.label,
            "statusklass": s.kind,
            "region": region.name if region is not None else "",
            "till": parent.name if parent is not None else "",
            # the plain summary, shown under the hit (sok.js)
            "sammanfattning": " ".join((doc.text("sammanfattning") or "").split()),
        }
        filters = {
            "typ": meta["typ"],
            "status": label,
            "region": meta["region"],
            "nivå": level,
            "avtal": parent.name if parent is not None else (doc.name if doc.typ == "avtal" else ""),
        }
        if s.kind in ("gallande", "kommande"):
            rank = sokdata.IN_FORCE
        elif s.kind in ("upphavd", "utgangen"):
            rank = sokdata.NO_LONGER
        else:
            rank = sokdata.OTHER_DOCUMENT
        return sokdata.block(meta, filters, rank)

    def _fill(self, tpl: jinja2.Template, linker: markup.Linker, title: str, values: dict) -> str:
        return tpl.render(
            book=self,
            title=title,
            link=linker.node,
            links=linker.nodes,
            to=linker.to,
            href=linker.href,
            registry_text=lambda value: markup.text(value, linker),
            badge=self.badge,
            **values,
        )

    def badge(self, doc: Document) -> str:
        s = self.status(doc)
        intern = ' <span class="sv-badge sv-badge--intern">Intern</span>' if doc.intern else ""
        return f'<span class="sv-badge sv-badge--{s.kind}">{markup.escape(s.label)}</span>{intern}'
