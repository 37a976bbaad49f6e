"""mkdocs-macros entry point: wiring only. The logic lives in one module per concern:
glossary.py, sources.py, claims.py (cited text), decision_tree.py (options and the guide),
cancers.py (cancer pages), figures.py (icon arrays), get_help.py (warning signs, phone lines),
questions.py (question lists), handouts.py, qr.py, search_keywords.py, pages.py (front matter
and macro ids), term_markdown.py (explaining terms where they are used), site_data.py (load +
cross-check), loading.py (the one YAML loader), macro_calls.py (checking macro arguments),
rendering.py and page_html.py (problems found while pages render, reported by
hooks/report_errors.py)."""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from . import cancers, decision_tree, figures, get_help, glossary, handouts, qr, search_keywords, sources
from . import questions as question_lists
from . import rendering
from .checklists import ChecklistExtension
from .errors import DataError, DataErrors, MacroCallError
from .loading import read_text
from .macro_calls import checked
from .pages import us_date
from .site_data import load_all, organisation_names
from .term_markdown import TermExtension, TermMatcher

REPORTING_HOOK = "hooks/report_errors.py"
_state: dict = {}


def _lookup(mapping: dict, key, what: str, file: str):
    if not isinstance(key, str) or key not in mapping:
        known = ", ".join(list(mapping)[:8])
        raise MacroCallError(f"there is no {what} {key!r} in {file} (known: {known}...)")
    return mapping[key]


def define_env(env):
    project = Path(env.project_dir)
    docs = Path(env.conf["docs_dir"])
    rendering.reset()
    hooks = [str(getattr(m, "__file__", "")).replace("\\", "/") for m in (env.conf.get("hooks") or {}).values()]
    if not any(h.endswith(REPORTING_HOOK) for h in hooks):
        raise PluginError(f"mkdocs.yml, field 'hooks': must list {REPORTING_HOOK}; without it, mistakes "
                          "in macro calls would not stop the build")
    try:
        data = load_all(project, docs)
    except (DataError, DataErrors) as e:
        raise PluginError("The guide's data has a problem, so nothing was built.\n" + str(e)) from None
    for warning in data.warnings:
        # Printed, not logged: a review falling due must not fail `mkdocs build --strict`.
        print(f"REVIEW DUE - {warning} (a reminder: the build goes on)", file=sys.stderr)
    _state["data"] = data
    _state["docs"] = docs
    # Templates (the urgent-help banner) show the emergency number from get-help.yml too.
    emergency = data.get_help.lines["emergency"]
    env.conf["extra"]["emergency"] = {"number": emergency.number, "dial": emergency.dial}
    # Never explain a word inside an organisation's name or the site's own name ("After CAR T").
    protected = organisation_names(data.sources, data.get_help) + [env.conf["site_name"]]
    _state["matcher"] = TermMatcher(data.terms, protected)
    env.conf["markdown_extensions"].append(TermExtension(_state["matcher"]))
    env.conf["markdown_extensions"].append(ChecklistExtension())

    def tracker() -> sources.CitationTracker:
        return _state["tracker"]

    def rel(target_url: str) -> str:
        return get_relative_url(target_url, env.page.url if env.page else "")

    def href(page: str) -> str:
        """A docs path as a Markdown link target (MkDocs makes it relative)."""
        return "/" + page

    @env.macro
    @checked('cite("descart-2022"), or several ids: cite("descart-2022", "zurko-2023-outcomes")')
    def cite(*ids):
        """In-text citation(s), numbered per page; the page's Sources list is added at the end."""
        return tracker().cite(*ids)

    @env.macro
    @checked('term("antigen-escape"), or with your own words: term("antigen-escape", "the target went missing")')
    def term(term_id, text=None):
        """Explain a glossary term here, even if it is not its first use."""
        t = data.terms.get(term_id)
        if t is None:
            raise MacroCallError(f"term('{term_id}'): there is no term with this id in glossary.yml")
        _state["term_count"] += 1
        return glossary.render_explained(t, text or t.term, rel("glossary/"), f"term-tip-m-{_state['term_count']}")

    @env.macro
    @checked('glossary_page() (no values)')
    def glossary_page():
        return glossary.render_glossary_page(data.terms, tracker().cite)

    @env.macro
    @checked('bibliography() (no values)')
    def bibliography():
        return sources.render_bibliography(data.sources)

    # ------------------------------------------------------------ the guide and the options

    def result_address(node_id: str) -> str:
        """A guide result's own full address, with its #id."""
        return qr.page_address(env.conf["site_url"], "find-your-situation/", node_id)

    def result_qr(node_id: str) -> str:
        """A guide result's own address and QR code (a file made by hooks/generated_files.py)."""
        address = result_address(node_id)
        src = rel(f"find-your-situation/qr/{node_id}.svg")
        return (f'<div class="result-address"><img class="result-address__qr" src="{src}" width="96" height="96" '
                f'loading="lazy" alt="QR code that opens this result: {address}">'
                f'<p>This result online:<br><span class="page-address">{address}</span></p></div>')

    @env.macro
    @checked('decision_guide() (no values)')
    def decision_guide():
        """The "find your situation" guide, every step and result, from decision-tree.yml."""
        def outlook(node_id):
            c = data.cancers.of_node(node_id)
            return c.outlook if c else []
        parts = decision_tree.GuideParts(
            cite=tracker().cite, page_href=href, outlook=outlook,
            warning_line=get_help.render_short(data.get_help, tracker().cite, href("living/health-and-safety.md") + "#get-help-now"),
            result_qr=result_qr, source_list=tracker().short_list,
            option_sheets_address=qr.page_address(env.conf["site_url"], "handouts/", "list"),
            result_address=result_address)
        return decision_tree.render_guide(data.tree, parts)

    def current_option(option_id=None):
        if option_id is not None:
            return _lookup(data.tree.options, option_id, "option", decision_tree.FILE)
        opt = decision_tree.option_for_page(data.tree, env.page.file.src_uri)
        if opt is None:
            raise MacroCallError("this page is not an option page in decision-tree.yml; "
                             "give the option id, e.g. option_questions(\"radiation-therapy\")")
        return opt

    @env.macro
    @checked('option_decision(), or option_decision("radiation-therapy")')
    def option_decision(option_id=None):
        """The decision box of an option page: this is one choice; the others, linked."""
        return decision_tree.render_option_decision(data.tree, current_option(option_id), href)

    @env.macro
    @checked('option_without(), or option_without("radiation-therapy")')
    def option_without(option_id=None):
        """What is known about not taking this option (catalogue field without_it)."""
        return decision_tree.render_option_without(data.tree, current_option(option_id), tracker().cite, href)

    @env.macro
    @checked('option_questions(), or option_questions("radiation-therapy")')
    def option_questions(option_id=None):
        """The option's questions checklist, from the catalogue."""
        return decision_tree.render_option_questions(current_option(option_id))

    @env.macro
    @checked('options_comparison() (no values)')
    def options_comparison():
        return decision_tree.render_comparison(data.tree, tracker().cite, href)

    # ------------------------------------------------------------ cancers, figures, help, questions

    @env.macro
    @checked('cancer_page("multiple-myeloma")')
    def cancer_page(cancer_id):
        """The body of a cancer page (everything after its H1), from cancers.yml."""
        c = _lookup(data.cancers.cancers, cancer_id, "cancer", cancers.FILE)
        return cancers.render_cancer_page(
            data.cancers, c, tracker().cite, href, figure, warning_signs_short, href("find-your-situation.md"))

    @env.macro
    @checked('car_t_products("BCMA"), or joined with "or": car_t_products("BCMA", "or")')
    def car_t_products(target, word="and"):
        """The approved CAR T products aimed at a marker, by brand and short name, from cancers.yml."""
        if word not in ("and", "or"):
            raise MacroCallError(f"car_t_products(): the second value is \"and\" or \"or\", not {word!r}")
        found = cancers.products_aimed_at(data.cancers.products, target, word) if isinstance(target, str) else ""
        if not found:
            known = ", ".join(sorted({p.target for p in data.cancers.products.values()}))
            raise MacroCallError(f"car_t_products({target!r}): no CAR T product in {cancers.FILE} aims at "
                                 f"that marker (known: {known})")
        return found

    @env.macro
    @checked('cancer_list() (no values)')
    def cancer_list():
        """Links to every cancer page, with its CAR T products."""
        return cancers.render_cancer_list(data.cancers, href)

    @env.macro
    @checked('outlook_by_cancer() (no values)')
    def outlook_by_cancer():
        """What is known about the outlook after CAR T stops working, one row per cancer."""
        return cancers.render_outlook_table(data.cancers, tracker().cite, href)

    @env.macro
    @checked('figure("radiation-local-control")')
    def figure(figure_id):
        """A key number from figures.yml: its sentence and its icon array."""
        f = _lookup(data.figures, figure_id, "figure", figures.FILE)
        _state["figure_count"] += 1
        return figures.render_figure(f, tracker().cite, _state["figure_count"])

    @env.macro
    @checked('warning_signs() (no values)')
    def warning_signs():
        """The full list of warning signs (911 signs, then call-your-team signs)."""
        return get_help.render_full(data.get_help, tracker().cite)

    @env.macro
    @checked('warning_signs_short() (no values)')
    def warning_signs_short():
        """The warning signs in one paragraph, with a link to the full list."""
        return get_help.render_short(data.get_help, tracker().cite,
                                     href("living/health-and-safety.md") + "#get-help-now")

    @env.macro
    @checked('phone("nci-cis"), or with your own words: phone("nci-cis", "call the NCI")')
    def phone(line_id, text=None):
        """A help line's number as a tel: link, from get-help.yml."""
        line = _lookup(data.get_help.lines, line_id, "help line", get_help.FILE)
        return get_help.phone_link(line, text)

    @env.macro
    @checked('help_lines(), or help_lines("UK")')
    def help_lines(country="US"):
        """A table of the help lines for one country (US or UK)."""
        return get_help.render_help_lines(data.get_help, tracker().cite, country)

    @env.macro
    @checked('questions("about-tests")')
    def questions(topic_id):
        """A question checklist from questions.yml."""
        return question_lists.render_checklist(_lookup(data.questions, topic_id, "question topic", question_lists.FILE))

    # ------------------------------------------------------------ handouts (docs/handouts/)

    def center() -> dict:
        return env.conf["extra"].get("center") or {}

    def pdf_href(src_uri: str) -> str:
        return rel(handouts.pdf_path(src_uri))

    @env.macro
    @checked('handout_list() (no values)')
    def handout_list():
        """Every handout with what it is for, who prints it, and its PDF (from the pages' front matter)."""
        found = [p for p in data.pages if p.meta.get("handout")]
        return handouts.render_list(found, lambda path: "/" + path[len("docs/"):], pdf_href)

    @env.macro
    @checked('all_handouts_pdf() (no values)')
    def all_handouts_pdf():
        return rel(handouts.ALL_HANDOUTS_PDF)

    @env.macro
    @checked('handout_questions() (no values)')
    def handout_questions():
        """The questions handout: the questions marked handout: true, by topic, with tick boxes and
        lines; with JavaScript, the "my questions" builder (more questions, your own, print only yours)."""
        q = data.questions
        main = handouts.question_list(handouts.handout_topics(q))
        more = handouts.question_list(handouts.more_questions(q), start=100)
        return (main + '<div class="builder no-print" data-builder hidden>\n'
                + '<details class="builder__more"><summary>More questions you can add</summary>\n'
                + more.replace("handout-questions", "handout-questions handout-questions--more") + "</details>\n</div>\n")

    @env.macro
    @checked('handout_warning_signs() (no values)')
    def handout_warning_signs():
        """The warning-signs handout, with boxes for the care team's numbers."""
        return handouts.warning_signs_sheet(data.get_help, tracker().cite, center())

    @env.macro
    @checked('option_sheet("radiation-therapy")')
    def option_sheet(option_id):
        """An option at a glance, from the options catalogue."""
        opt = _lookup(data.tree.options, option_id, "option", decision_tree.FILE)
        return handouts.option_sheet(opt, tracker().cite, {"questions": "Questions to ask"})

    @env.macro
    @checked('wallet_card() (no values)')
    def wallet_card():
        """Both sides of the emergency wallet card."""
        return handouts.wallet_card(data.get_help, center())

    @env.macro
    @checked('lines(3), or with a label for screen readers: lines(3, "Notes")')
    def lines(n: int = 1, label=""):
        """Lines to write on."""
        if not 1 <= n <= 20:
            raise MacroCallError(f"lines({n!r}): give a whole number of lines from 1 to 20")
        return handouts.write_lines(n, label)

    @env.macro
    @checked('glossary_count() (no values)')
    def glossary_count():
        return len(data.terms)

    @env.macro
    @checked('source_count() (no values)')
    def source_count():
        return len(data.sources)


def _page_info(env):
    src = "docs/" + env.page.file.src_uri
    return next((p for p in _state["data"].pages if p.path == src), None)


def on_pre_page_macros(env):
    """Fresh citation numbering per page; review dates written out for the template (an option
    sheet takes them from the option page it summarises); errors in the page's macros recorded
    with the line in the file (see rendering.py)."""
    _state["tracker"] = sources.CitationTracker(_state["data"].sources)
    _state["term_count"] = 0
    _state["figure_count"] = 0
    env.env.template_class = rendering.ReportingTemplate
    file = env.page.file
    rendering.start_page(f"{_state['docs'].name}/{file.src_uri}",
                         read_text(Path(file.abs_src_path), file.src_uri), env.markdown)
    problem = rendering.syntax_problem(env.env, env.markdown)
    if problem:
        rendering.record(problem)
        env.markdown = ""
    meta = env.page.meta
    info = _page_info(env)
    if info is not None:
        for key in ("last_reviewed", "next_review"):
            if info.meta.get(key) is not None:
                meta[key] = info.meta[key]
    for key in ("last_reviewed", "next_review"):
        if key in meta and hasattr(meta[key], "strftime"):
            meta[f"{key}_text"] = us_date(meta[key])


def _insert(markdown: str, block: str, before_heading: str, after: bool = False) -> str:
    """`block` before the first line that starts with `before_heading` (or after it), else at the end."""
    lines = markdown.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith(before_heading)), None)
    if at is None:
        return markdown + "\n\n" + block
    lines.insert(at + 1 if after else at, block)
    return "\n".join(lines)


def on_post_page_macros(env):
    """After the page's macros ran (so error lines still match the file): the page's hidden
    search keywords before its first section; a handout's identity after its H1 and its
    one-line sources and warning signs at the end; every other page ends with its Sources."""
    data = _state["data"]
    tracker = _state["tracker"]
    meta = env.page.meta
    hidden = search_keywords.hidden_block(data.keywords.get("docs/" + env.page.file.src_uri, []))
    if hidden:
        env.markdown = _insert(env.markdown, hidden, "## ")
    if meta.get("handout"):
        conf = env.conf
        name = (conf["extra"].get("organisation") or {}).get("name") or conf["site_name"]
        address = qr.page_address(conf["site_url"], env.page.url)
        block = handouts.identity(meta["title"], name, address, qr.qr_svg(address, f"QR code: {address}"),
                                  meta.get("last_reviewed_text", ""), conf["extra"]["text"])
        tools = handouts.toolbar(get_relative_url(handouts.pdf_path(env.page.file.src_uri), env.page.url))
        env.markdown = _insert(env.markdown, "\n" + block + tools, "# ", after=True)
        help_sources = list(dict.fromkeys(sid for s in data.get_help.call_team_signs + data.get_help.emergency_signs
                                          if s.short for sid in s.sources))
        footer_line = handouts.footer(data.get_help, [], data.sources, handouts.short_reference).split("\n")[0]
        env.markdown += "\n\n" + footer_line + "\n" + tracker.short_line(handouts.short_reference, help_sources)
        return
    url = get_relative_url("sources/", env.page.url)
    env.markdown += tracker.page_sources(url)
