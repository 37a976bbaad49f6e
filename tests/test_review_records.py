"""reviews/: a page's review date needs the record of that day's fact check (macros/reviews.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT
from macros.errors import DataError, DataErrors
from macros.pages import PageInfo
from macros.reviews import RECORDS_SINCE, load_reviews, record_path, review_record_problems

ON = RECORDS_SINCE
SOURCES = {"study-a": object(), "study-b": object()}


def _page(path, reviewed, cited=()):
    return PageInfo(path, {"last_reviewed": reviewed}, None, "", set(cited))


def _record(project, page, text):
    f = project / record_path(page)
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(text, encoding="utf-8")
    return f


GOOD = """page: {page}
reviewed_on: {on}
complete: {complete}
how: A fact check against the cited sources.
claims:
  - claim: "About 4 out of 10 people"
    where_on_page: Key points
    sources: [study-a]
    found_in: "Results, table 2: 41%"
    result: supported
  - claim: "Most people"
    sources: [{second}]
    found_in: "Abstract"
    result: corrected
    note: "was 'almost all'"
"""


def _problems(tmp_path, page_date, complete="true", second="study-b", on=ON, cited=("study-a", "study-b")):
    _record(tmp_path, "docs/a.md", GOOD.format(page="docs/a.md", on=on, complete=complete, second=second))
    records = load_reviews(tmp_path)
    pages = [_page("docs/a.md", page_date, cited)]
    return [str(e) for e in review_record_problems(pages, {"docs/a.md": set(cited)}, records, SOURCES)]


def test_a_complete_record_of_the_same_day_naming_every_cited_source_passes(tmp_path):
    assert _problems(tmp_path, ON) == []


def test_a_date_on_or_after_the_start_of_records_needs_a_record(tmp_path):
    pages = [_page("docs/a.md", ON, ["study-a"]), _page("docs/old.md", ON - dt.timedelta(days=1), ["study-a"])]
    problems = [str(e) for e in review_record_problems(pages, {}, {}, SOURCES)]
    assert problems == [problems[0]] and problems[0].startswith("docs/a.md, field 'last_reviewed'")
    assert "no review record (reviews/a.yml)" in problems[0]


def test_an_unfinished_record_or_another_day_does_not_back_the_date(tmp_path):
    unfinished = _problems(tmp_path, ON, complete="false")
    assert len(unfinished) == 1 and "complete: false" in unfinished[0] and unfinished[0].startswith("docs/a.md")
    later = ON + dt.timedelta(days=2)
    other_day = _problems(tmp_path, later)
    assert len(other_day) == 1 and f"records the check on {ON}" in other_day[0]


def test_a_cited_source_no_checked_claim_names_is_reported_by_the_record(tmp_path):
    problems = _problems(tmp_path, ON, second="study-a")
    assert len(problems) == 1
    assert problems[0].startswith("reviews/a.yml, field 'claims': docs/a.md cites 1") and "study-b" in problems[0]


def test_a_record_naming_an_unknown_source_or_page_is_refused(tmp_path):
    problems = _problems(tmp_path, ON, second="no-such-study", cited=("study-a",))
    assert any("reviews/a.yml, entry 'claims[1]', field 'sources'" in p and "no-such-study" in p for p in problems), problems
    _record(tmp_path, "docs/gone.md", GOOD.format(page="docs/gone.md", on=ON, complete="true", second="study-b"))
    records = load_reviews(tmp_path)
    problems = [str(e) for e in review_record_problems([], {}, records, SOURCES)]
    assert any(p.startswith("reviews/gone.yml, field 'page'") and "does not exist" in p for p in problems), problems


def test_a_broken_record_names_its_file_and_field(tmp_path):
    _record(tmp_path, "docs/a.md", GOOD.format(page="docs/a.md", on=ON, complete="maybe", second="study-b")
            .replace("result: corrected", "result: fine"))
    with pytest.raises(DataErrors) as e:
        load_reviews(tmp_path)
    text = str(e.value)
    assert "reviews/a.yml" in text and "field 'complete'" in text and "result" in text
    (tmp_path / "reviews" / "a.yml").write_text("page: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"^reviews/a\.yml.*YAML syntax"):
        load_reviews(tmp_path)


def test_a_record_must_sit_at_its_pages_path(tmp_path):
    _record(tmp_path, "docs/b.md", GOOD.format(page="docs/a.md", on=ON, complete="true", second="study-b"))
    with pytest.raises(DataError, match=r"reviews/b\.yml, field 'page'.*belongs at reviews/a\.yml"):
        load_reviews(tmp_path)


def test_the_real_records_load_and_back_every_date_they_cover():
    """The project's own records: each loads, and each page dated on or after RECORDS_SINCE has one
    (the build makes the same check; this names the pages)."""
    from macros.site_data import load_all
    d = load_all(ROOT, ROOT / "docs")  # raises if any record or date is wrong
    records = load_reviews(ROOT)
    # a sheet with dates_from is covered by the record of the page it takes its dates from
    covering = {p.path: "docs/" + p.meta["dates_from"] if p.meta.get("dates_from") else p.path for p in d.pages}
    dated = {p.path: p.meta["last_reviewed"] for p in d.pages if isinstance(p.meta.get("last_reviewed"), dt.date)
             and p.meta["last_reviewed"] >= RECORDS_SINCE}
    assert dated, "no page is dated since records began: this test would prove nothing"
    assert {covering[p] for p in dated} <= set(records), sorted({covering[p] for p in dated} - set(records))
    assert all(records[covering[p]].complete and records[covering[p]].reviewed_on == when for p, when in dated.items())


def test_a_record_that_says_complete_may_not_list_what_is_unchecked(tmp_path):
    text = GOOD.format(page="docs/a.md", on=ON, complete="true", second="study-b") + \
        "unchecked:\n  - claim: \"Half lived\"\n    sources: [study-a]\n    why: \"not opened\"\n"
    _record(tmp_path, "docs/a.md", text)
    problems = [str(e) for e in review_record_problems([_page("docs/a.md", ON, ["study-a", "study-b"])],
                                                      {"docs/a.md": {"study-a", "study-b"}}, load_reviews(tmp_path), SOURCES)]
    assert problems == ["reviews/a.yml, field 'complete': says complete: true but lists 1 thing(s) not checked yet "
                        "(unchecked, not_yet)"], problems


def test_a_sheet_that_takes_its_dates_from_a_page_is_covered_by_that_pages_record(tmp_path):
    _record(tmp_path, "docs/a.md", GOOD.format(page="docs/a.md", on=ON, complete="true", second="study-b"))
    records = load_reviews(tmp_path)
    sheet = PageInfo("docs/handouts/a.md", {"last_reviewed": ON, "dates_from": "a.md"}, None, "", {"study-a"})
    pages = [_page("docs/a.md", ON, ["study-a", "study-b"]), sheet]
    cited = {"docs/a.md": {"study-a", "study-b"}, "docs/handouts/a.md": {"study-a"}}
    assert review_record_problems(pages, cited, records, SOURCES) == []
    cited["docs/handouts/a.md"] = {"study-a", "study-c"}
    problems = [str(e) for e in review_record_problems(pages, cited, records, {**SOURCES, "study-c": object()})]
    assert problems == ["reviews/a.yml, field 'claims': docs/handouts/a.md cites 1 source(s) that no checked claim "
                        "names: study-c; check the facts that cite them"], problems
