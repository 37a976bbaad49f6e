"""The decision guide works with JavaScript off, and glossary explanations can be reached by
keyboard, hovered, dismissed with Escape, and are kept in print."""
from __future__ import annotations

from site_checks import term_tip_works_by_keyboard


def test_guide_leads_from_first_question_to_an_outcome_without_javascript(browser, server):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = ctx.new_page()
    page.goto(server + "/find-your-situation/")
    start = page.locator("section.guide-start")
    assert start.is_visible()
    assert page.locator("section.guide-outcome").first.is_hidden()
    for _ in range(4):
        current = page.locator("section.guide-node:visible")
        assert current.count() == 1
        if "guide-outcome" in current.get_attribute("class"):
            break
        current.locator("a.guide-choice").first.click()
    outcome = page.locator("section.guide-outcome:visible")
    assert outcome.count() == 1, "no outcome reached"
    node = outcome.get_attribute("id")
    assert "#" in page.url and node == page.url.split("#")[1]
    # The guide page shows the result in short; its link opens the full result on its own page.
    full = outcome.locator(f"a[href$='results/{node}/']")
    assert full.count() == 1 and full.is_visible(), "the result in short links to its own page"
    assert outcome.locator("a[href='#get-help']").is_visible(), "the warning signs are one tap away"
    full.click()
    assert page.url.endswith(f"/find-your-situation/results/{node}/")
    result = page.locator("section.guide-own-page")
    assert result.locator(".guide-path li").count() >= 2, "the outcome shows the path that led to it"
    assert result.locator("a[href*='options/']").count() >= 2, "each option links to its page"
    ctx.close()


def test_the_guide_page_is_under_its_element_budget_in_chromium(browser, server):
    """Issue 21: the guide page on first view (scripts run, as a reader's phone runs them) has
    fewer than GUIDE_MAX_ELEMENTS elements; tests/test_guide_page_weight.py counts the built HTML."""
    from test_guide_page_weight import GUIDE_MAX_ELEMENTS
    ctx = browser.new_context(viewport={"width": 375, "height": 800})
    page = ctx.new_page()
    page.goto(server + "/find-your-situation/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    count = page.evaluate("document.getElementsByTagName('*').length")
    ctx.close()
    print(f"\nguide page in Chromium: {count} elements")
    assert count < GUIDE_MAX_ELEMENTS, f"the guide page has {count} elements on first view (under {GUIDE_MAX_ELEMENTS})"


def test_term_explanation_on_focus_hover_escape_and_print(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(server + "/understand/why-car-t-may-not-work/")
    term, tip = term_tip_works_by_keyboard(page)
    page.mouse.move(0, 0)
    term.locator(".term__word").blur()
    term.locator(".term__word").hover()
    assert tip.is_visible(), "hover shows it"
    tip.hover()
    assert tip.is_visible(), "the pointer can move onto the explanation"
    page.emulate_media(media="print")
    page.mouse.move(0, 0)
    assert tip.is_hidden(), "on paper no explanation sits inside the text"
    words = page.locator("article .print-words").first
    assert words.is_visible(), "on paper the page's words are explained in one box"
    name = term.get_attribute("data-term")
    from macros.glossary import load_glossary
    from conftest import ROOT
    definition = load_glossary(ROOT / "glossary.yml")[name].definition
    assert definition[:40] in words.inner_text(), "the box holds the explained word's definition"
    assert "After CAR T" not in [t.inner_text() for t in page.locator(".term__word").all()], "the site's own name is never explained"
    ctx.close()


def test_first_tap_on_a_term_shows_it_on_a_touch_screen(browser, server):
    ctx = browser.new_context(viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    page.goto(server + "/understand/tests-after-car-t/")
    term = page.locator("article .term").first
    term.scroll_into_view_if_needed()
    url = page.url
    term.locator(".term__word").tap()
    assert term.locator(".term__tip").is_visible(), "the first tap shows the explanation"
    assert page.url == url, "the first tap does not leave the page"
    term.locator(".term__more").tap()
    page.wait_for_url("**/glossary/**")
    ctx.close()


def test_an_outcome_prints_on_its_own(browser, server):
    """Every result's own printing is checked in test_print.py; this one checks the page parts.
    The guide page at a #result prints the result in short, pointing to its full page."""
    from macros.decision_tree import load_tree
    from conftest import ROOT
    node = load_tree(ROOT / "decision-tree.yml").outcomes()[0].id
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(server + f"/find-your-situation/#{node}")
    assert page.locator(f"section.guide-outcome:target#{node}").count() == 1, "the result's own address opens it"
    page.emulate_media(media="print")
    assert page.locator("section.guide-node:visible").count() == 1
    assert page.locator(".md-header").is_hidden() and page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator("#how-to-use").is_hidden(), "the page's introduction is left out of the printed result"
    assert page.locator(f"#{node} .guide-summary__note").is_visible(), "the paper says the full result is on its own page"
    assert page.locator(f"#{node} .result-address p").is_visible(), "the result's own address is printed"
    assert f"find-your-situation/results/{node}/" in page.locator(f"#{node} .result-address p").inner_text(), \
        "the printed address is the result's own page"
    assert page.locator(f"#{node} .result-address__qr").is_visible(), "its QR code is printed"
    assert page.locator(".guide-help").is_visible(), "the warning signs are printed with it"
    assert page.locator(f"#{node} .guide-summary__links").is_hidden(), "links are left off the paper"
    assert page.locator(".page-sources").is_hidden() and page.locator(f"#{node} .result-sources").is_visible()
    pdf = page.pdf(format="Letter")
    assert pdf[:4] == b"%PDF"
    # Its own page prints the result in full, headed by its own address.
    page.emulate_media(media="screen")
    page.goto(server + f"/find-your-situation/results/{node}/")
    page.emulate_media(media="print")
    assert f"find-your-situation/results/{node}/" in page.locator(".guide-own-page .result-top-address").inner_text()
    assert page.locator(".guide-own-page .result-address__qr").is_visible(), "its QR code is printed"
    assert page.locator(".guide-own-page .guide-warning").is_visible(), "the warning signs are printed with it"
    ctx.close()
