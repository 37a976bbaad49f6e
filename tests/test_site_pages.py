"""Checks on every HTML page of the built site, found from the site itself (never listed by hand)."""
from __future__ import annotations

from site_checks import css_external_urls, external_resources, missing_anchors, nav_page_count, page_problems

NOT_CONTENT = {"404.html"}


def test_finds_at_least_every_page_the_navigation_lists(site_dir, pages):
    nav = nav_page_count(site_dir)
    assert nav >= 15
    assert len(pages) >= nav, f"found {len(pages)} pages but the navigation lists {nav}"


def test_every_page_has_one_h1_lang_description_and_review_date(site_dir, pages):
    problems = []
    for page in pages:
        rel = page.relative_to(site_dir).as_posix()
        for p in page_problems(page.read_text(encoding="utf-8"), content_page=rel not in NOT_CONTENT):
            problems.append(f"{rel}: {p}")
    print(f"\nchecked {len(pages)} pages")
    assert not problems, "\n".join(problems)


def test_no_page_or_stylesheet_loads_anything_from_another_site(site_dir, pages):
    problems = []
    for page in pages:
        for p in external_resources(page.read_text(encoding="utf-8")):
            problems.append(f"{page.relative_to(site_dir)}: {p}")
    for css in site_dir.rglob("*.css"):
        for u in css_external_urls(css.read_text(encoding="utf-8")):
            problems.append(f"{css.relative_to(site_dir)}: url({u})")
    assert not problems, "\n".join(problems)


def test_every_internal_link_fragment_exists_on_its_target_page(site_dir):
    problems = missing_anchors(site_dir)
    assert not problems, "\n".join(problems)
