"""The "my questions" builder on the questions handout: tick some questions, add your own,
print a list of only those; nothing is kept unless you choose "Remember", "Forget" removes it,
nothing is sent anywhere, and the page passes axe. Without JavaScript the full list prints."""
from __future__ import annotations

import re
from urllib.parse import urlparse

from site_checks import axe_violations

PAGE = "/handouts/questions/"


def printed_text(page) -> str:
    import io
    import pdfplumber
    pdf = page.pdf(format="Letter")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in doc.pages))


def test_builder_prints_only_the_chosen_questions_and_keeps_nothing_unless_asked(browser, server):
    ctx = browser.new_context()
    page = ctx.new_page()
    requests, while_building, building = [], [], [False]
    # Every request must stay on the site; while the reader uses the builder (ticking, adding,
    # printing, remembering, forgetting) there must be none at all. Page loads and reloads fetch
    # the page's own files and the search index, which is expected.
    page.on("request", lambda r: (requests.append(r.url), building[0] and while_building.append(r.url)))

    def reload():
        building[0] = False
        page.reload()
        page.wait_for_load_state("networkidle")
        building[0] = True

    page.goto(server + PAGE)
    page.wait_for_load_state("networkidle")
    building[0] = True
    builder = page.locator("[data-builder]")
    assert builder.is_visible(), "with JavaScript the builder shows"
    labels = page.locator(".handout-questions:not(.handout-questions--more) .handout-q label")
    all_questions = [t.strip() for t in labels.all_inner_texts()]
    chosen = all_questions[1:3]
    for q in chosen:
        page.get_by_label(q, exact=True).check()
    page.get_by_label("Your own question").fill("Can my sister come to the visit?")
    page.get_by_role("button", name="Add my question").click()
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Print only my questions").click()
    assert page.evaluate("window.__printed === true")
    page.emulate_media(media="print")
    text = printed_text(page)
    page.emulate_media(media="screen")
    for q in chosen + ["Can my sister come to the visit?"]:
        assert q in text, f"chosen question not printed: {q}"
    for q in set(all_questions) - set(chosen):
        assert q not in text, f"a question not chosen was printed: {q}"
    # Not remembered: a reload forgets everything.
    reload()
    assert page.locator(".handout-q input:checked").count() == 0
    assert "Can my sister" not in page.locator("article").inner_text()
    # Remembered: kept after a reload; forgotten: gone.
    page.get_by_label(chosen[0], exact=True).check()
    page.get_by_label("Remember my list on this device").check()
    reload()
    assert page.get_by_label(chosen[0], exact=True).is_checked(), "remembered list is back after a reload"
    page.get_by_role("button", name="Forget my list").click()
    reload()
    assert page.locator(".handout-q input:checked").count() == 0, "forgotten list is gone"
    building[0] = False
    host = urlparse(server).netloc
    assert all(urlparse(u).netloc == host for u in requests), "no request leaves the site"
    assert not while_building, f"nothing is sent or fetched while building the list: {while_building}"
    assert not axe_violations(page)
    ctx.close()


def test_without_javascript_the_whole_list_prints_with_empty_boxes(browser, server):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(server + PAGE)
    assert page.locator("[data-builder]").is_hidden()
    labels = [t.strip() for t in page.locator(".handout-questions:not(.handout-questions--more) .handout-q label").all_inner_texts()]
    page.emulate_media(media="print")
    assert page.locator(".handout-q input:checked").count() == 0
    text = printed_text(page)
    for q in labels:
        assert q in text
    assert "Printed on: ______________" in text.replace("Printed on:", "Printed on:")
    ctx.close()
