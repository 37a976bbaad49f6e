"""The two escapers of macros/escaping.py, checked against texts that break a careless one:
quotes, backslashes, line breaks, `</style>`, `<script>`. Each check reads the result back as a
browser would (an HTML parser; tinycss2, a CSS tokenizer following CSS Syntax Level 3) and is
shown to fail on broken escapers (the fixtures at the end)."""
from __future__ import annotations

import html

import pytest
import tinycss2
from bs4 import BeautifulSoup

from macros.escaping import css_string, html_text

HOSTILE = [
    'Say "hi" & \'bye\'',
    "back\\slash \\\\ and \\3c",
    "two\nlines\r\nand\rmore",
    "end </style><script>alert(1)</script>",
    "<script>alert(1)</script>",
    "a < b > c &amp; d",
    "ends with a backslash \\",
    '"',
]


def html_problems(escape) -> list[str]:
    """What goes wrong when `escape`'s result is written between tags and read back."""
    problems = []
    for text in HOSTILE:
        doc = BeautifulSoup(f"<div><p>{escape(text)}</p></div>", "html.parser")
        p = doc.find("p")
        if p is None or len(doc.find_all(True)) != 2 or p.get_text() != text:
            problems.append(f"{text!r}: read back as {(p.get_text() if p else doc.get_text())!r}")
    return problems


def css_problems(escape) -> list[str]:
    """What goes wrong when `escape`'s result is a margin box's content in a <style>: it must be one
    CSS string holding the text (line breaks as spaces) and never end the <style> element."""
    problems = []
    for text in HOSTILE:
        value = escape(text)
        if "</" in value or "<script" in value.lower():
            problems.append(f"{text!r}: {value!r} can end the <style> element or open a tag")
        tokens = [t for t in tinycss2.parse_component_value_list(value) if t.type != "whitespace"]
        wanted = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
        if len(tokens) != 1 or tokens[0].type != "string" or tokens[0].value != wanted:
            problems.append(f"{text!r}: {value!r} reads back as {[(t.type, getattr(t, 'value', None)) for t in tokens]}")
    return problems


def test_html_text_keeps_every_text_a_text():
    assert html_problems(html_text) == []
    assert html_text('a "b" \'c\'') == 'a "b" \'c\'', "quotes in a text node are left as typed"


def test_css_string_keeps_every_text_one_string():
    assert css_problems(css_string) == []
    assert css_string('A "b" \\ c\n<x') == '"A \\"b\\" \\\\ c \\3c x"'


@pytest.mark.parametrize("broken", [
    lambda s: s,                                                     # nothing escaped
    lambda s: s.replace("<", "&lt;"),                                # & and > left alone
    lambda s: html.escape(s).replace("&lt;/", "</"),                 # closing tags let through
])
def test_the_html_check_fails_on_a_broken_escaper(broken):
    assert html_problems(broken)


@pytest.mark.parametrize("broken", [
    lambda s: '"' + s + '"',                                                          # nothing escaped
    lambda s: '"' + s.replace('"', '\\"') + '"',                                      # backslashes left
    lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"',                # line breaks and < left
    lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"',  # </style> and \r left
])
def test_the_css_check_fails_on_a_broken_escaper(broken):
    assert css_problems(broken)


def test_the_site_has_one_of_each():
    """The plugin's `| plain`, strings.yml's Words.html, the handouts' t() and the margin boxes use these."""
    import plugin
    from macros import center, handouts, print_header, strings
    assert handouts.t is html_text and print_header.css_string is css_string
    assert not hasattr(center, "css_string")
    assert str(plugin.plain_text_filter("<script>")) == html_text("<script>")
    words = strings.Words({"g.k": "<b> & {x}"})
    assert words.html("g.k", x="<i>ok</i>") == html_text("<b> & ") + "<i>ok</i>"
