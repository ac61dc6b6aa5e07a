"""print.css: only the text, black on white, external addresses written out."""

from __future__ import annotations

AFTER = "(el) => getComputedStyle(el, '::after').content"


def test_print_shows_the_text_only(open_page):
    page, _ = open_page("tillganglighet/", scheme="dark")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", "#sv-sok", ".md-content__button"):
        for el in page.locator(selector).all():
            assert not el.is_visible(), f"{selector} syns i utskrift"
    color = page.locator("article.md-content__inner p").first.evaluate("(el) => getComputedStyle(el).color")
    assert color == "rgb(0, 0, 0)", f"brödtexten skrivs ut i {color}, inte svart"
    external = page.locator("article a[href*='digg.se']").first
    assert "digg.se" in external.evaluate(AFTER), "adressen skrivs inte ut efter en extern länk"
    internal = page.locator("article a[href*='#innehall-som-inte-ar-tillgangligt']").first
    assert internal.evaluate(AFTER) in ("none", "normal"), "en intern länk får en utskriven adress"
