"""The small pure functions that turn broken or hostile input into one plain message: the YAML
loader, front matter, glossary name rules, macro argument checks, render-time line numbers, the
HTML checks and the reporting hook. Each test includes input the function must reject."""
from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import jinja2
import pytest
from markdown import Markdown
from mkdocs.exceptions import PluginError

from conftest import ROOT, WORDS
from macros import page_steps, rendering
from macros.context import BuildContext
from plugin import AfterCarTPlugin
from macros.errors import DataError, DataErrors, MacroCallError
from macros.glossary import Term, name_problem, order_problems
from macros.loading import BadDate, parse_yaml, plain_line
from macros.macro_calls import checked
from macros.page_html import duplicate_ids, id_lines, site_id_owner, unsafe_markup
from macros.pages import add_months, nesting_problems, read_front_matter, review_date_problems, scan_ids, PageInfo
from macros.term_markdown import TermExtension, TermMatcher

FRONT = "---\ntitle: T\ndescription: D\nlast_reviewed: 2026-01-10\nnext_review: 2026-12-10\n---\n\n# T\n"


# ---------------------------------------------------------------- the YAML loader

@pytest.mark.parametrize("text,words", [
    ("a: &x [1]\nb: *x\n", "anchor (&x)"),
    ("a: 1\nb: *x\n", "alias (*x)"),
    ("base: {a: 1}\nc:\n  <<: {a: 2}\n", "merge key"),
    ("id: one\nname: a\nname: b\n", "written twice"),
    ("a: " + "[" * 30 + "]" * 30 + "\n", "nested more than"),
])
def test_loader_refuses_what_an_editor_never_means(text, words):
    with pytest.raises(DataError, match=re.escape(words)) as e:
        parse_yaml(text, "x.yml")
    assert e.value.line is not None


def test_loader_names_the_entry_and_field_of_a_repeated_key():
    with pytest.raises(DataError) as e:
        parse_yaml("terms:\n  - id: relapse\n    term: a\n    term: b\n", "glossary.yml")
    assert (e.value.entry, e.value.field, e.value.line) == ("relapse", "term", 4)


def test_impossible_dates_and_times_become_bad_dates_not_exceptions():
    data = parse_yaml("a: 2026-13-45\nb: 2026-02-30\nc: 2026-11-23 10:00:00\nd: 2026-11-23\n", "x.yml")
    assert isinstance(data["a"], BadDate) and "no month 13" in data["a"].problem
    assert "February 2026 has 28 days" in data["b"].problem
    assert "time of day" in data["c"].problem
    assert data["d"] == dt.date(2026, 11, 23)


def test_plain_line_rejects_markup_quotes_and_control_characters():
    assert plain_line("Tests after CAR T: what's next") == "Tests after CAR T: what's next"
    for bad in ["About</title>", 'a " onfocus="x', "bell \x07", "two\nlines", "a > b"]:
        with pytest.raises(ValueError):
            plain_line(bad)


# ---------------------------------------------------------------- front matter

def test_front_matter_errors_name_the_line_and_field():
    with pytest.raises(DataErrors) as e:
        read_front_matter("docs/x.md", FRONT.replace("title: T", "title: <b>T</b>").replace("2026-01-10", '"2026-01-10"'))
    msgs = [x.message for x in e.value.errors]
    assert "docs/x.md, line 2, field 'title': contains <" in msgs[0]
    assert msgs[1].startswith("docs/x.md, line 4, field 'last_reviewed': '2026-01-10' is in quotes")


def test_review_interval_is_twelve_months_to_the_day():
    assert add_months(dt.date(2026, 11, 23), 12) == dt.date(2027, 11, 23)
    assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    read_front_matter("docs/x.md", FRONT.replace("2026-12-10", "2027-01-10"))
    with pytest.raises(DataError, match="at most 12 months"):
        read_front_matter("docs/x.md", FRONT.replace("2026-12-10", "2027-01-11"))


def test_review_in_the_future_stops_and_an_overdue_review_only_warns():
    fm = read_front_matter("docs/x.md", FRONT)
    errors, warnings = review_date_problems("docs/x.md", fm, dt.date(2026, 1, 9))
    assert errors and "in the future" in errors[0].message and not warnings
    errors, warnings = review_date_problems("docs/x.md", fm, dt.date(2026, 12, 11))
    assert not errors and "was due on 2026-12-10" in warnings[0].message
    assert review_date_problems("docs/x.md", fm, dt.date(2026, 6, 1)) == ([], [])


def test_page_ids_used_twice_or_taken_by_the_site_are_found():
    info = PageInfo("docs/x.md", {})
    text = "## A { #a }\n\n```\n## In code { #a }\n```\n\n## B { #a }\n\n<p id='sources'>x</p>\n## C { #__toc }\n"
    msgs = [e.message for e in scan_ids("docs/x.md", text, info)]
    assert len(msgs) == 3
    assert "line 7" in msgs[0] and "already used on line 1" in msgs[0]
    assert "'sources'" in msgs[1] and "'__toc'" in msgs[2]


def test_deep_brackets_in_a_page_body_are_found_but_ordinary_prose_is_not():
    assert nesting_problems("docs/x.md", "fine (1) [a](b) {{ x }}\n" * 50) == []
    assert nesting_problems("docs/x.md", "text\n" + "[" * 25, 10)[0].line == 12
    assert nesting_problems("docs/x.md", "(a\n\n" * 40) == []  # paragraphs start afresh


# ---------------------------------------------------------------- glossary names

def _term(i, name, aliases=()):
    return Term(id=f"t{i}", term=name, aliases=list(aliases), definition="A plain meaning.", sources=["s"])


def test_ordinary_words_are_refused_unless_written_with_two_capitals():
    assert "ordinary English word" in name_problem("all")
    assert "ordinary English word" in name_problem("The")
    assert name_problem("ALL") is None and name_problem("PET") is None
    assert name_problem("relapse") is None and name_problem("living will") is None
    assert "placeholders" in name_problem("wzxhzdk") and "placeholders" in name_problem("Klzzwxh")


def test_out_of_order_entries_are_the_fewest_to_move():
    terms = [_term(i, n) for i, n in enumerate(["alpha", "zulu", "bravo", "charlie", "delta", "echo"])]
    problems = order_problems(terms)
    assert [p.entry for p in problems] == ["t1"] and "at the end" in problems[0].problem
    terms = [_term(i, n) for i, n in enumerate(["bravo", "charlie", "alpha"])]
    assert [p.entry for p in order_problems(terms)] == ["t2"]
    assert order_problems([_term(1, "B cell"), _term(2, "b-cell aplasia"), _term(3, "CAR T")]) == []


def test_matcher_never_matches_inside_markdown_placeholders():
    terms = {t.id: t for t in [_term(1, "amp", ["wzxhzdk"]), _term(2, "relapse")]}
    m = TermMatcher(terms)
    text = "a \x02wzxhzdk:0\x03 b \x02amp\x03 relapse"
    assert [text[s:e] for s, e, _ in m.find(text)] == ["relapse"]
    md = Markdown(extensions=["md_in_html", TermExtension(m, WORDS)])
    html = md.convert("Ham &amp; eggs, <b>bold</b> and a relapse.")
    assert "&amp;" in html and "<b>bold</b>" in html and 'data-term="t2"' in html and "\x02" not in html


# ---------------------------------------------------------------- macro calls and render-time errors

def test_macro_arguments_are_checked_before_the_macro_runs():
    @checked('term("id")')
    def term(term_id, text=None):
        return term_id

    assert term("relapse") == "relapse" and term("relapse", "words") == "relapse"
    for args in [(), ("a", "b", "c"), (5,), ("relapse", 5)]:
        with pytest.raises(MacroCallError, match=r'write term\("id"\)'):
            term(*args)
    with pytest.raises(jinja2.UndefinedError, match="'nosuch' is undefined"):
        term(jinja2.StrictUndefined(name="nosuch"))


def test_a_macro_parameter_annotated_int_takes_a_number_only():
    @checked('lines(3, "Notes")')
    def lines(n: int = 1, label: str = ""):
        return n, label

    assert lines(3, "Notes") == (3, "Notes") and lines() == (1, "")
    for args in [("3",), (True,), (3, 4)]:
        with pytest.raises(MacroCallError, match=r"is not (a whole number|text in quotes)"):
            lines(*args)


def _context(tmp_path, sources=None):
    """A build context with no data but sources (enough for page steps and reporting)."""
    data = SimpleNamespace(sources=sources or {}, pages=[], keywords={}, words=WORDS)
    return BuildContext(tmp_path, tmp_path / "docs", data, "https://x.example/", "Site", {"text": {}},
                        lambda url, other: url)


def test_render_errors_are_recorded_with_the_real_line_in_the_file(tmp_path):
    source = "---\ntitle: T\n---\n\n# T\n\nline 7\n{{ nosuch }}\n"
    markdown = source[source.index("# T"):]
    ctx = _context(tmp_path)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.template_class = rendering.reporting_template(ctx.report)
    assert page_steps.start(ctx, "x.md", "x/", source, markdown, {}, env) == markdown
    assert env.from_string(markdown).render() == ""
    assert page_steps.start(ctx, "x.md", "x/", source, "ok\n{{ x( }}", {}, env) == ""  # a syntax error: rendered empty
    (undefined, syntax) = ctx.problems
    assert undefined.message.startswith("docs/x.md, line 8: 'nosuch' is undefined")
    assert syntax.line == 2 and "macro syntax error" in syntax.message  # the template is not the file's end here


def test_each_build_has_its_own_problems_and_page(tmp_path):
    """No state is kept between builds (the preview rebuilds in one process): two contexts, two lists."""
    first, second = _context(tmp_path), _context(tmp_path)
    first.start_page("docs/a.md", "a.md", "a/", "x", 0)
    first.report("wrong")
    assert [p.file for p in first.problems] == ["docs/a.md"] and second.problems == [] and second.page is None


# ---------------------------------------------------------------- HTML checks and the hook

@pytest.mark.parametrize("html,words", [
    ("<script>alert(1)</script>", "<script> elements"),
    ("<p><svg onload=alert(1)></svg></p>", "onload="),
    ('<a href=" JavaScript:alert(1)">x</a>', "javascript: address"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript: address"),
    ('<a href="data:text/html,x">x</a>', "data: address"),
    ('<iframe src="/x"></iframe>', "<iframe> elements"),
    ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "javascript: address"),
])
def test_markup_that_could_run_a_script_is_found(html, words):
    assert any(words in f.problem for f in unsafe_markup(html))


def test_ordinary_content_markup_is_not_flagged():
    html = ('<p>Text with <a href="https://doi.org/10.1/x">a link</a>, <a href="#sources">a jump</a>, '
            '<img src="data:image/png;base64,AAAA" alt="">, &lt;script&gt; as text and '
            '<code>&lt;svg onload=x&gt;</code>.</p><span title="javascript: is a word here">x</span>')
    assert unsafe_markup(html) == []


def test_duplicate_ids_are_found_with_their_source_lines():
    assert duplicate_ids('<h2 id="a">A</h2><p id="b"></p><div id="a"></div>') == [("a", 1)]
    assert duplicate_ids('<h2 id="a">A</h2><p id="b"></p>') == []
    source = "# Sources for this guide\n\n## More { #questions }\n\n<p id=questions>x</p>\n"
    assert id_lines(source, "questions") == [3, 5]
    assert id_lines(source, "sources-for-this-guide") == [1]
    assert site_id_owner("term-relapse") and site_id_owner("sources") and site_id_owner("questions") is None


def test_the_plugin_stops_the_build_with_every_recorded_problem(tmp_path):
    page_file = tmp_path / "docs" / "x.md"
    page_file.parent.mkdir()
    text = "---\ntitle: T\n---\n\n# T\n\n<p onclick=alert(1)>x</p>\n"
    page_file.write_text(text)
    plugin = AfterCarTPlugin()
    plugin.context = ctx = _context(tmp_path)
    env = SimpleNamespace(globals={}, filters={})
    assert plugin.on_env(env, config=None, files=None) is env  # nothing recorded: the build goes on
    ctx.start_page("docs/x.md", "x.md", "x/", text, 4)
    plugin.on_page_content('<p onclick="alert(1)">x</p>', page=None, config=None, files=None)
    ctx.problems.append(DataError("docs/y.md", "another problem", line=3))
    with pytest.raises(PluginError) as e:
        plugin.on_env(env, config=None, files=None)
    assert "docs/x.md, line 7: contains <p onclick" in str(e.value) and "docs/y.md, line 3" in str(e.value)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md"))
    config = {"docs_dir": str(tmp_path / "docs")}
    with pytest.raises(PluginError, match="'__toc' twice"):
        plugin.on_post_page('<div id="__toc"></div><h2 id="__toc">x</h2>', page=page, config=config)
    assert plugin.on_post_page('<div id="a"></div>', page=page, config=config) == '<div id="a"></div>'
