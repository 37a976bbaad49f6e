"""Each result of the "Find your situation" guide on a page of its own, so a link to a result
previews as that result (a #fragment never reaches the server), and its QR code and printed
address lead to exactly that result.

Address scheme (stable; part of the URL contract, urls.txt, kind "result"):
    find-your-situation/results/<result id>/    made from find-your-situation/results/<id>.md
The result id is the node id in decision-tree.yml (never change a published id). The guide page
keeps every result in short at its old address (`find-your-situation/#<id>`: title, what it
means, a link here), so old links, no-JS use and the guide's own flow keep working.

The pages are not written in docs/: the plugin makes them in on_files (plugin/__init__.py) from
decision-tree.yml, as generated Markdown pages that only call the `guide_result` macro, which
renders the result with the same renderer as the guide page (decision_tree.render_result_page),
so no word is written twice. Their front matter: the result's situation as title, a description
made from the result's first summary sentence, the guide page's review dates, and
`search: boost: SEARCH_BOOST`: the guide page holds each result only in short, so the result's
words are found on its own page, ranked below the guide page (boost 1.5) and ordinary pages
(1); and no table of contents (`hide: [toc]`)."""
from __future__ import annotations

import yaml

from .decision_tree import FILE as DECISION_TREE_FILE, Outcome

FOLDER = "find-your-situation/results"
GUIDE_SRC = "find-your-situation.md"
DESCRIPTION_MAX = 200  # pages.DESCRIPTION_MAX_CHARS
MACRO = "guide_result"
SEARCH_BOOST = 0.5  # below the guide page and ordinary pages (issue 18: "ranked below the guide")
META = "guide_result_id"  # not the macro's name: mkdocs-macros would let the value hide the macro


def src_uri(node_id: str) -> str:
    """The result page's path among the site's files (as if in docs/)."""
    return f"{FOLDER}/{node_id}.md"


def page_url(node_id: str) -> str:
    """The result page's address relative to the site's address."""
    return f"{FOLDER}/{node_id}/"


def node_of(src: str) -> str | None:
    """The result id of a result page's src_uri, else None."""
    prefix = FOLDER + "/"
    if src.startswith(prefix) and src.endswith(".md") and "/" not in src[len(prefix):]:
        return src[len(prefix):-3]
    return None


def page_label(src: str) -> str | None:
    """How a problem on a result's own page names where to look, or None for any other page:
    the page has no file in docs/ (the plugin makes it), so the message names the result's entry
    in decision-tree.yml and the template that makes the page, never a line of the page."""
    node = node_of(src)
    if node is None:
        return None
    return (f"{DECISION_TREE_FILE}, entry '{node}' (its own page, {page_url(node)}, is made from this entry by "
            f"the {MACRO}() macro in macros/__init__.py and macros/result_pages.py; there is no file for it in docs/)")


def description(n: Outcome, words) -> str:
    """What a link preview says under the title: the result's first summary sentence, then the
    options it names, within the 200 characters a description may have."""
    summary = n.summary[0].text
    full = words("result_page.description", summary=summary, count=len(n.options))
    return full if len(full) <= DESCRIPTION_MAX else summary[:DESCRIPTION_MAX - 1].rstrip() + "…"


def page_markdown(n: Outcome, guide_meta: dict, words) -> str:
    """The generated page: front matter and one macro call."""
    front = {"title": n.title, "description": description(n, words), META: n.id,
             "search": {"boost": SEARCH_BOOST},
             # Material's table of contents needs the page in the menu (its label points at the
             # menu's __toc box); the page's only section is its Sources.
             "hide": ["toc"]}
    for key in ("last_reviewed", "next_review"):
        if guide_meta.get(key) is not None:
            front[key] = guide_meta[key]
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n\n{{{{ {MACRO}({n.id!r}) }}}}\n"


def link_table(outcomes: list[Outcome], href, words, address) -> str:
    """For a portal manager ("For cancer centers"): every guide result, the situation it answers
    in words and the full address of its own page (`address`: a site address made absolute), from decision-tree.yml (the URL contract lists the
    same addresses). Left out of the search index: it repeats every result's title."""
    from .claims import md_text
    rows = [words("result_page.links_head"), "| --- | --- |"]
    for n in outcomes:
        rows.append(f"| {md_text(n.title)} | [`{address(page_url(n.id))}`]({href(src_uri(n.id))}) |")
    return '<div class="result-links" data-search-exclude markdown="1">\n\n' + "\n".join(rows) + "\n\n</div>\n"
