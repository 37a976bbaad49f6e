"""Flesch-Kincaid grade of every page's body text is 8.0 or lower (textstat 0.7.8).
What counts as body text is defined in page_text.py. Prints a table of every page's grade."""
from __future__ import annotations

import textstat

from page_text import body_text, content_pages

MAX_GRADE = 8.0
MIN_SHARE = 0.8


def test_every_page_reads_at_grade_8_or_lower(site_dir):
    rows, problems = [], []
    for page in content_pages(site_dir):
        rel = page.relative_to(site_dir).parent.as_posix()
        text, measured, prose = body_text(page.read_text(encoding="utf-8"))
        grade = textstat.flesch_kincaid_grade(text)
        share = measured / prose if prose else 0
        rows.append((rel, grade, measured, prose, share))
        if grade > MAX_GRADE:
            problems.append(f"{rel}: grade {grade:.1f} > {MAX_GRADE}")
        if share < MIN_SHARE:
            problems.append(f"{rel}: only {share:.0%} of the prose words were measured")
    print("\n{:<40} {:>6} {:>9} {:>7} {:>7}".format("page", "grade", "measured", "prose", "share"))
    for r in rows:
        print("{:<40} {:>6.1f} {:>9} {:>7} {:>6.0%}".format(*r))
    assert len(rows) >= 20
    assert not problems, "\n".join(problems)
