"""What happens to every page around its macros, in the order of the build:

1. start(): before the page's macros run: a fresh PageContext (citation numbering, counters),
   the macro syntax checked (a mistake is reported with its line and the page renders empty),
   the review dates written out for the template (an option sheet takes them from the option
   page it summarises).
2. finish(): after the macros ran (so error lines still match the file): the page's hidden
   search keywords before its first section; a handout's identity after its H1 and its
   one-line sources and warning signs at the end; every other page ends with its Sources.
3. content_problems(): the HTML of the page's own content, checked for raw HTML that could run
   a script and for ids used twice (page_html.py).
4. finished_page_problem(): the finished page (theme included) uses no id twice.

Pure functions over the build's context (context.py) and plain values: the plugin calls them
from MkDocs' page events, and another engine could call them from its own."""
from __future__ import annotations

import jinja2

from . import center as center_copy, center_numbers, get_help, handouts, page_html, previews, qr, result_pages, search_keywords
from .context import BuildContext
from .errors import DataError
from .rendering import body_offset, syntax_problem

REVIEW_KEYS = ("last_reviewed", "next_review")
FAQ_META = "faq_entries"  # a questions page's (question, answer) pairs, read from its HTML (previews.faq_entries)


def start(ctx: BuildContext, src_uri: str, url: str, source: str, markdown: str, meta: dict,
          jinja: jinja2.Environment | None) -> str:
    """Begin a page; returns the Markdown the macros should render ("" after a syntax error)."""
    generated = result_pages.page_label(src_uri)  # a result's own page: named by its entry, no lines
    file = generated or f"{ctx.docs.name}/{src_uri}"
    page = ctx.start_page(file, src_uri, url, "" if generated else source, body_offset(source, markdown))
    if jinja is not None:
        problem = syntax_problem(jinja, markdown)
        if problem:
            ctx.problems.append(page.error(*problem))
            markdown = ""
    info = next((p for p in ctx.data.pages if p.path == f"docs/{src_uri}"), None)
    if info is not None:
        for key in REVIEW_KEYS:
            if info.meta.get(key) is not None:
                meta[key] = info.meta[key]
    for key in REVIEW_KEYS:
        if key in meta and hasattr(meta[key], "strftime"):
            meta[f"{key}_text"] = ctx.data.words.date(meta[key])
    # A guide result's own page carries the guide page's review dates, so its changes too.
    changed = ctx.data.after_review.get("docs/" + (result_pages.GUIDE_SRC if result_pages.node_of(src_uri) else src_uri))
    if changed:
        # The date stays until a real review; the reader is told what happened since.
        meta["changed_after_review"] = ctx.data.words("site.changed_after_review", date=ctx.data.words.date(changed))
    return markdown


def _insert(markdown: str, block: str, before_heading: str, after: bool = False) -> str:
    """`block` before the first line that starts with `before_heading` (or after it), else at the end."""
    lines = markdown.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith(before_heading)), None)
    if at is None:
        return markdown + "\n\n" + block
    lines.insert(at + 1 if after else at, block)
    return "\n".join(lines)


def finish(ctx: BuildContext, markdown: str, meta: dict) -> str:
    """End a page's Markdown: keywords, a handout's identity and footer, or the Sources list."""
    data, page = ctx.data, ctx.page
    tracker = page.tracker
    # team_number() marks become the center's number (or nothing, without one).
    numbers = center_numbers.Numbers(ctx.extra.get("center"), data.words)
    markdown = numbers.place(markdown)
    hidden = search_keywords.hidden_block(data.keywords.get("docs/" + page.src_uri, []))
    if hidden:
        markdown = _insert(markdown, hidden, "## ")
    if meta.get("handout"):
        center = center_copy.center_of(ctx.extra)
        name = center.get("name") or ctx.site_name
        address = qr.page_address(ctx.site_url, page.url)
        w = data.words
        labels = {key: w(f"site.{key}") for key in ("page_address", "last_reviewed", "next_review", "printed_on")}
        # A center's sheet names its reviewer (the attribution is at the foot of every sheet).
        reviewed = meta.get("last_reviewed")
        changed = center_copy.last_changed(page.src_uri, reviewed if hasattr(reviewed, "isoformat") else None, data.changes)
        adapted = center_copy.sheet_line(center, w, ctx.extra.get("source_url") or ctx.site_url, changed)
        block = handouts.identity(meta["title"], name, address, qr.qr_svg(address, w("handouts.qr_title", address=address)),
                                  meta.get("last_reviewed_text", ""), labels, meta.get("next_review_text", ""),
                                  handouts.paper_fields(w), adapted, meta.get("changed_after_review", ""))
        tools = handouts.toolbar(ctx.relative_url(handouts.pdf_path(page.src_uri), page.url) if ctx.pdfs else None, w)
        markdown = _insert(markdown, "\n" + block + tools, "# ", after=True)
        marks = tracker.cite(*get_help.short_sources(data.get_help))  # the footer repeats the short warning signs
        footer_line = numbers.attach(handouts.footer(data.get_help, w, marks))
        if not ctx.site_author.strip():
            raise DataError("mkdocs.yml", "every handout prints who wrote it: give the authors' name, for example "
                            "site_author: The After CAR T contributors", field="site_author")
        return (markdown + "\n\n" + footer_line + "\n"
                + handouts.with_about(tracker.short_line(handouts.short_reference), handouts.about_line(w)))
    return markdown + tracker.page_sources(ctx.relative_url("sources/", page.url))


def with_team_number(ctx: BuildContext, html: str) -> str:
    """A page's HTML with the center's 24-hour number after each "your care team's 24-hour
    number" its data texts say (cancers.yml, glossary.yml, ...: they cannot call team_number());
    the same HTML in a build without numbers."""
    return center_numbers.Numbers(ctx.extra.get("center"), ctx.data.words).attach_page(html)


def read_faq(html: str, meta: dict) -> None:
    """A page with folded FAQ answers keeps its questions and answers for its FAQPage JSON-LD."""
    if 'class="faq"' in html:
        meta[FAQ_META] = previews.kept_faq_entries(html)  # kept between builds by the page's HTML


def content_problems(ctx: BuildContext, html: str) -> list[DataError]:
    """Raw HTML in the page's own content that could run a script, and ids used twice."""
    file, source, out = ctx.page.file, ctx.page.source, []
    check = page_html.kept_check(html)  # one parse, as a browser reads it, for both checks (kept between builds)
    for f in check.unsafe:
        line = page_html.source_line(source, *f.needles)
        out.append(DataError(file, f.problem + ("" if line else " (it is not in the page's own text: "
                                                "look in the data the page shows)"), line=line))
    for eid, _ in check.duplicates:
        lines = page_html.id_lines(source, eid)
        owner = page_html.site_id_owner(eid)
        where = f" (the page gives it on lines {', '.join(map(str, lines))})" if len(lines) > 1 else ""
        out.append(DataError(file, f"the id '{eid}' is used by two elements on the page{where}"
                             + (f"; the site gives it to {owner}" if owner else "")
                             + ": give one of them another id, or if a guide step, glossary term or "
                             "source has it, rename that", line=lines[-1] if lines else None))
    return out


def finished_page_problem(file: str, output: str) -> str | None:
    """The finished page (theme included) may not use an id twice: the theme's ids start with
    '__', which pages cannot use, so this is a last check."""
    dups = page_html.kept_check(output, ids_only=True).duplicates
    if not dups:
        return None
    ids = ", ".join(f"'{eid}'" for eid, _ in dups)
    return (f"{file}: the finished page uses the id(s) {ids} twice "
            "(once in the page, once in the theme): give the page's element another id")


def preview_meta(ctx: BuildContext, src_uri: str, url: str, meta: dict, canonical: str | None,
                 site_name: str, site_description: str) -> dict:
    """What the templates need for a page's link preview and structured data (previews.py)."""
    base = (ctx.site_url or "/").rstrip("/") + "/"
    title = meta.get("title") or site_name
    description = meta.get("description") or site_description
    kind = "home" if src_uri == "index.md" else ("site" if meta.get("site_page") else "medical")
    about = []
    for c in ctx.data.cancers.cancers.values():
        if c.page == src_uri:
            about.append(c.name)
    if meta.get("guide_result_id"):  # a guide result's own page is about its cancer (result_pages.py)
        c = ctx.data.cancers.of_node(meta["guide_result_id"])
        if c is not None:
            about.append(c.name)
    crumbs = [(site_name, base)] + ([(title, canonical)] if kind != "home" and canonical else [])
    reviewed = meta.get("last_reviewed")
    center = center_copy.center_of(ctx.extra)
    return {"preview_image": base + previews.preview_path(url),
            "structured_data": previews.structured_data(
                kind=kind, name=title, description=description, url=canonical or base + url, site_name=site_name,
                site_url=base, last_reviewed=reviewed.isoformat() if hasattr(reviewed, "isoformat") else None,
                breadcrumbs=crumbs, about=about, reviewer=center_copy.reviewed_by(center),
                publisher=center_copy.publisher(center), faq=meta.get(FAQ_META) or ())}


def center_meta(ctx: BuildContext, src_uri: str, meta: dict) -> dict:
    """In a center's copy: 'This page has changed since <reviewer> reviewed it on <date>.' for a
    page changed upstream after the reviewer signed off (its last review or a change-log entry
    naming it is later); nothing for the main guide."""
    center = center_copy.center_of(ctx.extra)
    if not center.get("reviewer"):
        return {}
    reviewed = meta.get("last_reviewed")
    changed = center_copy.last_changed(src_uri, reviewed if hasattr(reviewed, "isoformat") else None,
                                       ctx.data.changes)
    text = center_copy.changed_since(center, changed, ctx.data.words)
    return {"changed_since": text} if text else {}
