"""The "my questions" builder on the questions handout: tick some questions, add your own,
print a list of only those; nothing is kept unless you choose "Remember", "Forget" removes it,
nothing is sent anywhere, and the page passes axe. Without JavaScript the full list prints."""
from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest

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


# ---------------------------------------------------------------- saved lists of another shape

KEY = "after-car-t.my-questions"
ASIDE = KEY + ".unread"
HUGE = json.dumps({"picked": [f"not on the page {i}" for i in range(5000)], "own": [f"My question {i}" for i in range(5000)]})
# name: (saved value, words the status line must hold, own questions restored, saved value kept as it was)
SHAPES = {
    "picked is one text": ('{"picked": "x"}', "no longer on this page", [], False),
    "an empty list": ("[]", "empty", [], False),
    "own holds a number, null and an object": ('{"own": [1, null, {"a": 1}]}', "2 items could not be restored", ["1"], True),
    "not JSON": ("my questions: {when can I drive", "could not be read", [], True),
    "one question as a JSON text": ('"When can I drive again?"', "is back", ["When can I drive again?"], False),
    "a list of questions (an older shape)": ('["When can I drive again?", 7]', "is back", ["When can I drive again?", "7"], False),
    "an unknown key": ('{"mine": ["Who do I call at night?"]}', "1 item could not be restored", [], True),
    "picked is an object": ('{"picked": {"a": 1}, "own": ["Who do I call at night?"]}', "1 item could not be restored",
                            ["Who do I call at night?"], True),
    "true": ("true", "could not be", [], True),
    "huge lists": (HUGE, "4900 items could not be restored", [f"My question {i}" for i in range(100)], True),
    "a very long question": (json.dumps({"own": ["x" * 5000, "Short one?"]}), "1 item could not be restored", ["Short one?"], True),
}


def open_with_saved(browser, server, raw: str):
    ctx = browser.new_context()
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + PAGE)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, raw])
    page.reload()
    page.wait_for_load_state("load")
    return ctx, page, errors


def own_questions(page) -> list[str]:
    return [t.strip() for t in page.locator(".handout-q--own label").all_inner_texts()]


@pytest.mark.parametrize("case", list(SHAPES))
def test_a_saved_list_of_another_shape_is_read_as_far_as_it_can_be_and_the_reader_is_told(browser, server, case):
    raw, said, restored, kept = SHAPES[case]
    ctx, page, errors = open_with_saved(browser, server, raw)
    status = page.locator(".builder__status").inner_text()
    assert not errors, f"{case}: page error {errors}"
    assert said in status, f"{case}: status line says {status!r}"
    assert own_questions(page) == restored, f"{case}: own questions restored {own_questions(page)[:5]}"
    if kept:
        assert "until you choose Forget" in status, status
        assert not page.get_by_label("Remember my list on this device").is_checked()
        # Using the builder does not write over the saved value.
        page.locator(".handout-q input[type=checkbox]").first.check()
        page.get_by_label("Your own question").fill("Another question?")
        page.get_by_role("button", name="Add my question").click()
        assert page.evaluate("k => localStorage.getItem(k)", KEY) == raw, f"{case}: the saved value was overwritten"
    assert not errors, f"{case}: page error {errors}"
    ctx.close()


def test_remember_keeps_an_unreadable_list_aside_until_forget(browser, server):
    raw = '{"own": ["Who do I call at night?", {"a": 1}]}'
    ctx, page, errors = open_with_saved(browser, server, raw)
    assert own_questions(page) == ["Who do I call at night?"]
    page.get_by_label("Remember my list on this device").check()
    saved = json.loads(page.evaluate("k => localStorage.getItem(k)", KEY))
    assert saved["own"] == ["Who do I call at night?"], saved
    assert page.evaluate("k => localStorage.getItem(k)", ASIDE) == raw, "the old value is kept aside"
    page.reload()
    assert "is back" in page.locator(".builder__status").inner_text()
    assert own_questions(page) == ["Who do I call at night?"]
    page.get_by_role("button", name="Forget my list").click()
    assert page.evaluate("([a, b]) => [localStorage.getItem(a), localStorage.getItem(b)]", [KEY, ASIDE]) == [None, None]
    assert not errors, errors
    ctx.close()
