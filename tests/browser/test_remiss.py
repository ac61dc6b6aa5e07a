"""The remiss round in the browser: the remissammanställning filtered by
instans and position, printed without its filter, and the comparison with the
comments per section (accessibility of all three: test_tillganglighet.py)."""

from __future__ import annotations

COMPILATION = "vard-i-hemmet-2025/remissammanstallning/"


def _shown(page) -> list[str]:
    return page.eval_on_selector_all(
        ".sv-kommentar", "(els) => els.filter((e) => !e.hidden).map((e) => e.dataset.svPart)"
    )


def test_the_compilation_filters_by_instans_and_position(open_page):
    page, _ = open_page(COMPILATION)
    form = page.locator("[data-sv-remissfilter]")
    form.wait_for(state="visible")  # shown once the script runs; hidden without it
    everyone = _shown(page)
    assert {"hallefors", "kumla", "orebro", "laxa"} <= set(everyone)
    page.get_by_label("Instans").select_option("hallefors")
    assert set(_shown(page)) == {"hallefors"}
    page.get_by_label("Instans").select_option("")
    page.get_by_label("Ställningstagande").select_option("avstyrker")
    assert set(_shown(page)) == {"hallefors"}
    page.get_by_label("Ställningstagande").select_option("tillstyrker-med-synpunkter")
    assert set(_shown(page)) == {"kumla", "orebro"}
    page.get_by_label("Ställningstagande").select_option("")
    assert _shown(page) == everyone


def test_the_compilation_prints_without_its_filter(open_page):
    page, _ = open_page(COMPILATION)
    page.locator("[data-sv-remissfilter]").wait_for(state="visible")
    page.emulate_media(media="print")
    assert not page.locator("[data-sv-remissfilter]").is_visible()
    assert page.locator(".sv-kommentar").first.evaluate("(el) => getComputedStyle(el).breakInside") == "avoid"


def test_the_comparison_shows_the_renamed_section_with_its_comments(open_page):
    page, _ = open_page("vard-i-hemmet-2025/remissvar-och-beslut/", width=360, height=740)
    heading = page.get_by_role("heading", name="In- och utskrivning (hette Inskrivning och utskrivning)")
    heading.wait_for()
    section = heading.locator("xpath=following-sibling::*[position() <= 4]")
    text = " ".join(section.all_inner_texts())
    assert "ViSam-modellen bör förklaras i överenskommelsen." in text or "Skriv ut vad ViSam står för." in text
    assert page.locator("ins", has_text="Vårdplanering och informationsöverföring").count() == 1
