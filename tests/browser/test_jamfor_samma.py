"""One comparison everywhere: the history page's picker (jamfor.js, in
Chromium) and the Python engine behind the ready-made pages and ``samverkan
diff`` give the same result for the same pair.

Every golden comparison case (tests/fixtures/jamforelse/<case>/, including
tables with added, removed and moved rows) and every pair of neighbouring
sample documents is compared by both: the summary line must be the same and
the inline view the same markup — the same sections, blocks, list items and
table rows in the same order, each with the same kind of change, and the same
text marked as deleted and inserted. The script gets exactly what the build
ships in versioner.json (:func:`samverkan.jamforelse.structure` and
:func:`~samverkan.jamforelse.field_data`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkan import jamforelse, loader
from samverkan.jamforelse import Side

from ..conftest import REPO_ROOT
from ..test_jamforelse import CASES, FIXTURES, NEW_LABEL, OLD_LABEL, document

SCRIPT = REPO_ROOT / "overrides" / "assets" / "javascripts" / "jamfor.js"

# Both sides serialised alike: the template's line breaks between tags are
# formatting (piece text outside <pre> never holds a line break), so text
# nodes of whitespace with a line break are dropped outside <pre>.
COMPARE = """([older, newer, expected]) => {
  const tidy = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const drop = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (/^\\s*$/.test(node.data) && node.data.includes("\\n") && !node.parentElement.closest("pre")) drop.push(node);
    }
    drop.forEach((node) => node.remove());
    root.normalize();
    return root.innerHTML;
  };
  const result = window.svJamfor.compare(older, newer, { heading: 3 });
  const mine = document.createElement("div");
  mine.appendChild(result.view);
  const theirs = document.createElement("div");
  theirs.innerHTML = expected;
  return [result.summary, tidy(mine), tidy(theirs)];
}"""


def shipped(old, new, hide=None) -> list[dict]:
    """Two versions as versioner.json carries them (compared values as tokens)."""
    fields = jamforelse.opaque([jamforelse.field_data(old, hide), jamforelse.field_data(new, hide)])
    return [{"sections": jamforelse.structure(doc), "fields": f} for doc, f in zip((old, new), fields)]


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_content('<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"></head><body></body></html>')
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
    yield page
    context.close()


def same(page, old, new, hide=None) -> None:
    c = jamforelse.compare(Side(OLD_LABEL, old), Side(NEW_LABEL, new), hide=hide)
    expected = jamforelse.to_html(c, layout="inline")
    summary, mine, theirs = page.evaluate(COMPARE, [*shipped(old, new, hide), expected])
    assert summary == c.summary()
    assert mine == theirs


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_golden_case_is_the_same_in_the_browser(page, case: Path):
    hide_file = case / "hide.txt"
    hidden = set(hide_file.read_text(encoding="utf-8").split()) if hide_file.exists() else set()
    same(page, document(case / "old.md"), document(case / "new.md"), hidden.__contains__ if hidden else None)


def test_the_golden_cases_cover_rows_added_removed_and_moved():
    text = (FIXTURES / "tabell-rader" / "expected.txt").read_text(encoding="utf-8")
    assert "| [-Februari-] |" in text and "| {+Februari+} |" in text  # moved: removed here, added there
    assert "| {+Juni+} |" in text and "Uppföljning enligt [-plan-]{+uppföljningsplanen+}" in text
    assert "| Mars | Utbildning av implementeringspersoner | Respektive part |" in text  # kept rows stay kept


def test_every_pair_of_neighbouring_sample_documents_is_the_same(page):
    repo, _ = loader.load(REPO_ROOT)
    docs = sorted((d for d in repo.documents if d.id), key=lambda d: d.path)
    assert len(docs) > 10
    for old, new in zip(docs, docs[1:]):
        same(page, old, new)
    for doc in docs:  # and each against itself: no changes
        same(page, doc, doc)
