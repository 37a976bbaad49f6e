"""A claim about one cancer that cites a study of another says so (macros/studied.py); review
dates are not earlier than what a page cites or the change log says about it (macros/changes.py)."""
from __future__ import annotations

import copy

import pytest

from conftest import ROOT, WORDS
from macros.cancers import load_cancers
from macros.claims import Claim
from macros.decision_tree import load_tree
from macros.sources import load_sources
from macros.studied import NAMES, borrowed, borrowed_claim_problems, studied_value_problems


@pytest.fixture(scope="module")
def real():
    sources = load_sources(ROOT / "sources.yml")
    tree = load_tree(ROOT / "decision-tree.yml")
    return sources, load_cancers(ROOT / "cancers.yml", tree)


def test_every_source_says_what_it_studied_and_the_real_data_passes(real):
    sources, cancers = real
    assert len(sources) >= 134 and all(s.studied for s in sources.values())
    assert studied_value_problems("sources.yml", sources, cancers.cancers) == []
    assert borrowed_claim_problems(cancers, sources) == []
    assert set(NAMES) >= set(cancers.cancers), "every cancer needs words that name it"


def test_a_claim_citing_another_cancers_study_is_flagged_unless_it_names_that_cancer():
    studied = {"tec": ["multiple-myeloma"], "nci": ["general"], "glof": ["large-b-cell-lymphoma"],
               "kids": ["b-all-children-and-young-adults"]}
    assert borrowed("Bispecifics bring T cells to cancer cells.", ["glof", "tec"], "large-b-cell-lymphoma", studied) == ["tec"]
    assert borrowed("In myeloma, teclistamab helped.", ["tec"], "large-b-cell-lymphoma", studied) == []
    assert borrowed("A definition.", ["nci"], "multiple-myeloma", studied) == []
    assert borrowed("It did not help any of 8.", ["kids"], "b-all-adults", studied) == ["kids"]
    assert borrowed("In a study in children, it did not help.", ["kids"], "b-all-adults", studied) == []
    # "all" in ordinary prose never names B-ALL (the words are matched ignoring case)
    adults = {"adult": ["b-all-adults"]}
    assert borrowed("It helped all of them.", ["adult"], "b-all-children-and-young-adults", adults) == ["adult"]
    assert borrowed("It helped adults with B-ALL.", ["adult"], "b-all-children-and-young-adults", adults) == []


def test_the_check_flags_a_borrowed_claim_in_a_cancer_entry_and_in_a_guide_result(real):
    sources, cancers = real
    bad = copy.deepcopy(cancers)
    mm = bad.cancers["multiple-myeloma"]
    mm.key_points[0] = Claim(text="Treatments that use your own T cells have worked well.", sources=["glofitamab-2022"])
    result = next(n for n in bad.tree.outcomes() if n.id.startswith("all-adult-"))
    result.summary[0] = Claim(text="It did not help any of 8 people.", sources=["reinfusion-2024"])
    problems = [str(e) for e in borrowed_claim_problems(bad, sources)]
    assert any("cancers.yml" in p and "multiple-myeloma" in p and "key_points[0]" in p and "glofitamab-2022" in p
               for p in problems), problems
    assert any("decision-tree.yml" in p and result.id in p and "summary[0]" in p and "reinfusion-2024" in p
               for p in problems), problems


def test_an_option_summary_shown_on_a_cancer_page_is_checked_for_that_cancer(real):
    sources, cancers = real
    bad = copy.deepcopy(cancers)
    bad.tree.options["bispecific-antibodies"].summary[0] = Claim(text="Lab-made proteins.", sources=["teclistamab-2022"])
    problems = [str(e) for e in borrowed_claim_problems(bad, sources)]
    assert any("bispecific-antibodies" in p and "large-b-cell-lymphoma page" in p for p in problems), problems
    assert not any("bispecific-antibodies" in p and "multiple-myeloma page" in p for p in problems)


def test_studied_values_must_be_cancer_ids_and_general_stands_alone(real):
    sources, cancers = real
    bad = {k: copy.deepcopy(v) for k, v in list(sources.items())[:3]}
    first, second = list(bad)[:2]
    bad[first].studied = ["myelomaa"]
    bad[second].studied = ["general", "multiple-myeloma"]
    problems = [str(e) for e in studied_value_problems("sources.yml", bad, cancers.cancers)]
    assert any(first in p and "studied" in p and "myelomaa" in p for p in problems), problems
    assert any(second in p and "alone" in p for p in problems), problems


# ---------------------------------------------------------------- review dates and the change log

import datetime as dt

from macros.changes import Change, load_changes, render_changes, review_dates, sources_of_page


def untrue_review_dates(*args):
    return review_dates(*args)[0]


def changed_after_review(*args):
    return review_dates(*args)[1]
from macros.pages import PageInfo


def test_the_change_log_loads_newest_first_and_renders_as_the_about_list():
    changes = load_changes(ROOT / "changes.yml")
    assert changes and all(a.date >= b.date for a, b in zip(changes, changes[1:]))
    md = render_changes(changes, WORDS)
    assert md.startswith('<div class="change-log" data-search-exclude markdown="1">\n\n- **')
    assert "November 23, 2026:** First version of the guide." in md


def test_a_change_log_out_of_order_is_refused(tmp_path):
    from macros.errors import DataError
    f = tmp_path / "changes.yml"
    f.write_text("changes:\n  - date: 2026-11-23\n    pages: [index.md]\n    what: Old.\n"
                 "  - date: 2026-12-01\n    pages: [index.md]\n    what: New.\n")
    with pytest.raises(DataError, match="newest first"):
        load_changes(f)


def _page(path, reviewed, cited=()):
    return PageInfo(path, {"last_reviewed": reviewed}, None, "", set(cited))


def test_a_review_date_before_a_cited_source_was_read_or_before_a_logged_change_is_untrue(real):
    sources, _ = real
    sid, src = next((k, s) for k, s in sources.items() if s.accessed)
    before, on = src.accessed - dt.timedelta(days=1), src.accessed
    pages = [_page("docs/a.md", before, [sid]), _page("docs/b.md", on, [sid]), _page("docs/c.md", before)]
    cited = {p.path: set(p.cited) for p in pages}
    log = [Change(date=on, pages=["c.md"], what="Changed."), Change(date=before, pages=["b.md"], what="Older.")]
    problems = [str(e) for e in untrue_review_dates(pages, cited, sources, log)]
    assert len(problems) == 2, problems
    assert any(p.startswith("docs/a.md") and "last_reviewed" in p and sid in p for p in problems)
    assert any(p.startswith("docs/c.md") and "changes.yml" in p for p in problems)
    missing = [str(e) for e in untrue_review_dates(pages, cited, sources, [Change(date=on, pages=["nope.md"], what="X.")])]
    assert any("changes.yml" in m and "docs/nope.md" in m and "does not exist" in m for m in missing), missing


def test_the_day_facts_moved_after_a_review_is_the_latest_late_source_or_logged_change(real):
    sources, _ = real
    sid, src = next((k, s) for k, s in sources.items() if s.accessed)
    before, on = src.accessed - dt.timedelta(days=1), src.accessed
    later = on + dt.timedelta(days=3)
    pages = [_page("docs/a.md", before, [sid]), _page("docs/b.md", on, [sid]), _page("docs/c.md", before, [sid])]
    cited = {p.path: set(p.cited) for p in pages}
    log = [Change(date=later, pages=["c.md"], what="Changed."), Change(date=before, pages=["b.md"], what="Older.")]
    assert changed_after_review(pages, cited, sources, log) == {"docs/a.md": on, "docs/c.md": later}
    # reviewed on the day of the last change: nothing to tell
    assert changed_after_review([_page("docs/c.md", later, [sid])], cited, sources, log) == {}


def test_a_page_changed_after_its_review_tells_the_reader_next_to_the_date(site_dir):
    """Every page whose facts moved after its last review (a later source or logged change) says
    so in its review box, and every other page does not: the date itself stays as reviewed."""
    from bs4 import BeautifulSoup
    from macros.site_data import load_all
    d = load_all(ROOT, ROOT / "docs")
    # (When every page has had its review, this compares nothing: tests/test_reviews.py logs a
    # change in a copy and finds the note on that page only.)
    problems = []
    for p in d.pages:
        rel = p.path.removeprefix("docs/").removesuffix(".md")
        rel = rel.removesuffix("index").rstrip("/")
        html_file = site_dir / rel / "index.html" if rel else site_dir / "index.html"
        if not html_file.exists() or not p.meta.get("last_reviewed"):
            continue
        box = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser").select_one(".page-review")
        shown = box is not None and box.select_one(".page-review__changed-after") is not None
        if shown != (p.path in d.after_review):
            problems.append(f"{p.path}: {'says' if shown else 'does not say'} it changed after its review")
        if shown:
            text = box.select_one(".page-review__changed-after").get_text(" ", strip=True)
            if WORDS.date(d.after_review[p.path]) not in text:
                problems.append(f"{p.path}: the note lacks the day it changed ({text!r})")
    assert not problems, "\n".join(problems)


def test_a_pages_sources_include_the_data_its_macros_show():
    from macros.site_data import load_all
    d = load_all(ROOT, ROOT / "docs")
    by_path = {p.path: p for p in d.pages}
    mm = sources_of_page(by_path["docs/cancers/multiple-myeloma.md"], d.tree, d.cancers, d.figures, d.get_help)
    assert {"van-oekelen-2023", "karmma-2021"} <= mm
    signs = sources_of_page(by_path["docs/handouts/warning-signs.md"], d.tree, d.cancers, d.figures, d.get_help)
    assert "kymriah-medguide" in signs
    # the one-paragraph warning signs every page repeats do not count (the full list's pages do)
    tests = sources_of_page(by_path["docs/understand/tests-after-car-t.md"], d.tree, d.cancers, d.figures, d.get_help)
    assert "ninds-know-stroke" not in tests
    # every untrue date the check finds in the real data is reported by the build (REVIEW DUE)
    found = untrue_review_dates(d.pages, {p.path: sources_of_page(p, d.tree, d.cancers, d.figures, d.get_help)
                                          for p in d.pages}, d.sources, d.changes)
    assert all(e.message in d.warnings for e in found)


def test_the_about_page_shows_the_change_log_from_changes_yml(site_dir):
    """The About page calls change_log(), and the built page shows every entry of changes.yml."""
    assert "{{ change_log() }}" in (ROOT / "docs" / "about.md").read_text()
    from bs4 import BeautifulSoup
    listing = BeautifulSoup((site_dir / "about" / "index.html").read_text(encoding="utf-8"), "lxml") \
        .select_one("#changes").find_next("ul")
    for tip in listing.select(".term__tip"):  # a word's explanation is not part of the sentence
        tip.decompose()
    text = " ".join(listing.get_text("").split())
    for change in load_changes(ROOT / "changes.yml"):
        assert " ".join(change.what.split())[:60] in text, change.what[:60]


def test_the_change_log_is_not_in_the_search_index(site_dir):
    """Its entries name facts that other pages hold: a search finds those pages, not the log."""
    import json
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    about = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("about/"))
    assert about, "the About page is in the index"
    oldest = load_changes(ROOT / "changes.yml")[-1].what
    assert " ".join(oldest.split())[:40] not in " ".join(about.split())
