"""mkdocs-macros entry point: registration only. Each macro below is one line that hands the
page's values to the module of its concern: glossary.py, sources.py, claims.py (cited text),
decision_tree.py (options and the guide), cancers.py (cancer pages), figures.py (icon arrays),
get_help.py (warning signs, phone lines), questions.py (question lists), handouts.py, qr.py.

The build's state is not kept here: the project's plugin (plugin/__init__.py) makes the build's
context (context.py: the checked data, the page being rendered and its citation numbering) and
this module takes it from the plugin. Every macro checks the values a page passes
(macro_calls.py), so a wrong call stops the build with the page, the line and the way to write it."""
from __future__ import annotations

from . import cancers, center as center_copy, center_numbers, changes, decision_tree, figures, get_help, glossary, handouts, icd10, pictures, qr, result_pages, sources
from . import questions as question_lists
from .context import BuildContext
from .errors import MacroCallError
from .macro_calls import checked

PLUGIN = "after-car-t"


def _lookup(mapping: dict, key, what: str, file: str):
    if not isinstance(key, str) or key not in mapping:
        known = ", ".join(list(mapping)[:8])
        raise MacroCallError(f"there is no {what} {key!r} in {file} (known: {known}...)")
    return mapping[key]


def _context(env) -> BuildContext:
    plugin = env.conf["plugins"].get(PLUGIN)
    ctx = getattr(plugin, "context", None)
    if ctx is None:
        from plugin import stop_build
        stop_build(f"mkdocs.yml, field 'plugins': must list {PLUGIN} before macros; it loads the guide's "
                   "data and stops the build on mistakes in macro calls")
    return ctx


def define_env(env):
    ctx = _context(env)
    data = ctx.data
    w = data.words

    def tracker() -> sources.CitationTracker:
        return ctx.page.tracker

    def href(page: str) -> str:
        """A docs path as a Markdown link target (MkDocs makes it relative)."""
        return "/" + page

    guide_warning_href = href("living/health-and-safety.md") + "#get-help-now"
    # A center's numbers after "your care team's 24-hour number" (center_numbers.py; no change without them).
    numbers = center_numbers.Numbers(ctx.extra.get("center"), w)

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
        ctx.page.term_count += 1
        return glossary.render_explained(t, text or t.term, ctx.rel("glossary/"), f"_tip-m-{ctx.page.term_count}", w)

    @env.macro
    @checked('glossary_page() (no values)')
    def glossary_page():
        return glossary.render_glossary_page(data.terms, tracker().cite, w)

    @env.macro
    @checked('bibliography() (no values)')
    def bibliography():
        return sources.render_bibliography(data.sources, w)

    # ------------------------------------------------------------ the guide and the options

    def result_address(node_id: str) -> str:
        """A guide result's own full address: its own page (result_pages.py)."""
        return qr.page_address(ctx.site_url, result_pages.page_url(node_id))

    def guide_parts(guide_href: str = "") -> decision_tree.GuideParts:
        def outlook(node_id):
            c = data.cancers.of_node(node_id)
            return c.outlook if c else []
        return decision_tree.GuideParts(
            cite=tracker().cite, page_href=href, outlook=outlook,
            warning_line=numbers.attach(get_help.render_short(data.get_help, tracker().cite, guide_warning_href, w)),
            result_qr=lambda nid: qr.result_address_block(result_address(nid), ctx.rel(f"{qr.QR_FOLDER}/{nid}.svg"), w),
            source_list=tracker().short_list,
            option_sheets_address=qr.page_address(ctx.site_url, "handouts/", "list"),
            result_address=result_address, result_page=lambda nid: href(result_pages.src_uri(nid)),
            guide_href=guide_href, words=w)

    @env.macro
    @checked('decision_guide() (no values)')
    def decision_guide():
        """The "find your situation" guide, every step, and each result in short with a link to its
        own page, from decision-tree.yml."""
        parts = guide_parts()
        parts.help_href = "#get-help"  # the guide page's "When to get help right away"
        return decision_tree.render_guide(data.tree, parts)

    @env.macro
    @checked('guide_result("mm-bcma-unknown")')
    def guide_result(node_id):
        """One guide result in full, on its own page (the plugin generates these pages)."""
        n = _lookup(data.tree.nodes, node_id, "guide result", decision_tree.FILE)
        if not isinstance(n, decision_tree.Outcome):
            raise MacroCallError(f"guide_result({node_id!r}): this is a step of the guide, not a result")
        return decision_tree.render_result_page(data.tree, node_id, guide_parts(href(result_pages.GUIDE_SRC)))

    @env.macro
    @checked('result_links() (no values)')
    def result_links():
        """A table of every guide result's own address and the situation it answers (for portals)."""
        return result_pages.link_table(data.tree.outcomes(), href, w, lambda url: qr.page_address(ctx.site_url, url))

    @env.macro
    @checked('icd10_codes() (no values)')
    def icd10_codes():
        """A table of the ICD-10-CM codes that lead to each cancer page (lookup by diagnosis code)."""
        cs = data.cancers.cancers.values()
        return icd10.code_table({c.id: c.codes for c in cs}, {c.id: c.name for c in cs},
                                {c.id: href(c.page) for c in cs}, w("icd10.codes_head"))

    @env.macro
    @checked('code_choices() (no values)')
    def code_choices():
        """On the cancers list: a line for each diagnosis code that leads to two pages, naming both."""
        cs = data.cancers.cancers.values()
        return icd10.code_choices({c.id: c.codes for c in cs}, {c.id: c.name for c in cs},
                                  {c.id: href(c.page) for c in cs}, w)

    def current_option(option_id=None):
        if option_id is not None:
            return _lookup(data.tree.options, option_id, "option", decision_tree.FILE)
        opt = decision_tree.option_for_page(data.tree, ctx.page.src_uri)
        if opt is None:
            raise MacroCallError("this page is not an option page in decision-tree.yml; "
                                 "give the option id, e.g. option_questions(\"radiation-therapy\")")
        return opt

    @env.macro
    @checked('option_decision(), or option_decision("radiation-therapy")')
    def option_decision(option_id=None):
        """The decision box of an option page: this is one choice; the others, linked."""
        return decision_tree.render_option_decision(data.tree, current_option(option_id), href, w)

    @env.macro
    @checked('option_without(), or option_without("radiation-therapy")')
    def option_without(option_id=None):
        """What is known about not taking this option (catalogue field without_it)."""
        return decision_tree.render_option_without(data.tree, current_option(option_id), tracker().cite, href, w)

    @env.macro
    @checked('option_questions(), or option_questions("radiation-therapy")')
    def option_questions(option_id=None):
        """The option's questions checklist, from the catalogue."""
        return decision_tree.render_option_questions(current_option(option_id))

    @env.macro
    @checked('options_summary() (no values)')
    def options_summary():
        """Every option in one table with its short summary, and links to the comparison page."""
        return decision_tree.render_summary(data.tree, tracker().cite, href, w)

    @env.macro
    @checked('options_comparison() (no values)')
    def options_comparison():
        """Every option side by side, one table per aspect (the comparison page)."""
        return decision_tree.render_comparison(data.tree, tracker().cite, href, w)

    # ------------------------------------------------------------ cancers, figures, help, questions

    @env.macro
    @checked('cancer_page("multiple-myeloma")')
    def cancer_page(cancer_id):
        """The body of a cancer page (everything after its H1), from cancers.yml."""
        c = _lookup(data.cancers.cancers, cancer_id, "cancer", cancers.FILE)
        return cancers.render_cancer_page(
            data.cancers, c, tracker().cite, href, figure, warning_signs_short, href("find-your-situation.md"), w)

    @env.macro
    @checked('car_t_products("BCMA"), or joined with "or": car_t_products("BCMA", "or")')
    def car_t_products(target, word="and"):
        """The approved CAR T products aimed at a marker, by brand and short name, from cancers.yml."""
        return cancers.products_macro(data.cancers.products, target, word)

    @env.macro
    @checked('cancer_list() (no values)')
    def cancer_list():
        """Links to every cancer page, with its CAR T products."""
        return cancers.render_cancer_list(data.cancers, href, w)

    @env.macro
    @checked('outlook_by_cancer() (no values)')
    def outlook_by_cancer():
        """What is known about the outlook after CAR T stops working, one row per cancer."""
        return cancers.render_outlook_table(data.cancers, tracker().cite, href, w)

    @env.macro
    @checked('figure("radiation-local-control")')
    def figure(figure_id):
        """A key number from figures.yml: its sentence and its icon array."""
        f = _lookup(data.figures, figure_id, "figure", figures.FILE)
        ctx.page.figure_count += 1
        return figures.render_figure(f, tracker().cite, ctx.page.figure_count, w)

    @env.macro
    @checked('warning_signs() (no values)')
    def warning_signs():
        """The full list of warning signs (911 signs, then call-your-team signs)."""
        return numbers.attach(get_help.render_full(data.get_help, tracker().cite, w))

    @env.macro
    @checked('warning_signs_short() (no values)')
    def warning_signs_short():
        """The warning signs in one paragraph, with a link to the full list."""
        return numbers.attach(get_help.render_short(data.get_help, tracker().cite, guide_warning_href, w))

    @env.macro
    @checked('team_number(), or in your own words: team_number("the care team\'s 24-hour number"); '
             'team_number("your team\'s phone numbers", kind="both") or kind="day" for the daytime number')
    def team_number(text=None, kind="night"):
        """The words "your care team's 24-hour number" (or the page's own), followed in a center's
        build by its number as a tel: link ("day": its daytime number; "both": both)."""
        try:
            return numbers.say(text, kind)
        except ValueError as e:
            raise MacroCallError(f"team_number({text!r}, {kind!r}): {e}") from None

    @env.macro
    @checked('phone("nci-cis"), or with your own words: phone("nci-cis", "call the NCI")')
    def phone(line_id, text=None):
        """A help line's number as a tel: link, from get-help.yml."""
        line = _lookup(data.get_help.lines, line_id, "help line", get_help.FILE)
        return get_help.phone_link(line, text, data.get_help.own_forms.get(line.id, frozenset()))

    @env.macro
    @checked('help_lines(), or help_lines("UK")')
    def help_lines(country="US"):
        """A table of the help lines for one country (US or UK)."""
        return get_help.render_help_lines(data.get_help, tracker().cite, country, w)

    @env.macro
    @checked('questions("about-tests")')
    def questions(topic_id):
        """A question checklist from questions.yml."""
        return question_lists.render_checklist(_lookup(data.questions, topic_id, "question topic", question_lists.FILE))

    # ------------------------------------------------------------ handouts (docs/handouts/)

    def center() -> dict:
        return ctx.extra.get("center") or {}

    @env.macro
    @checked('handout_list() (no values)')
    def handout_list():
        """Every handout with what it is for, who prints it, and its PDF (from the pages' front matter)."""
        found = [p for p in data.pages if p.meta.get("handout")]
        return numbers.attach_any(handouts.render_list(
            found, lambda path: "/" + path[len("docs/"):],
            (lambda src_uri: ctx.rel(handouts.pdf_path(src_uri))) if ctx.pdfs else None, w))

    @env.macro
    @checked('all_handouts_pdf() (no values)')
    def all_handouts_pdf():
        """The sentence offering every handout in one PDF (or, in a build without PDFs, how to make them)."""
        return handouts.all_handouts_line(ctx.rel(handouts.ALL_HANDOUTS_PDF) if ctx.pdfs else None, w)

    # ------------------------------------------------------------ pictures (macros/pictures.py)

    def picture_id() -> str:
        ctx.page.picture_count += 1
        return f"_pic-{ctx.page.picture_count}"

    @env.macro
    @checked('when_to_call() (no values)')
    def when_to_call():
        """Who to call and when (911 / care team now / next visit), from get-help.yml."""
        gh = data.get_help
        ids = list(dict.fromkeys(sid for s in gh.emergency_signs + [s for s in gh.call_team_signs if s.short]
                                 for sid in s.sources))
        caption = handouts.t(w("pictures.when_to_call_caption")) + " " + tracker().cite(*ids)
        # Side by side on a wide screen and on paper; one above the other on a phone (site.css
        # shows one; the other is display: none, so a screen reader reads one).
        both = pictures.when_to_call_svg(gh, w, picture_id()) + pictures.when_to_call_svg(gh, w, picture_id(), stacked=True)
        return pictures.picture_figure(both, caption, "when-to-call")

    @env.macro
    @checked('fever_thermometer() (no values)')
    def fever_thermometer():
        """A thermometer marked at the fever threshold of the warning signs (get-help.yml)."""
        fever = pictures.fever_threshold(data.get_help)
        caption = (handouts.t(w("pictures.thermometer_caption", fahrenheit=fever.fahrenheit, celsius=fever.celsius))
                   + " " + tracker().cite(*fever.sources))
        return pictures.picture_figure(pictures.thermometer_svg(fever, w, picture_id()), caption, "thermometer")

    @env.macro
    @checked('temperature_log(12): the number of rows')
    def temperature_log(rows: int = 12):
        """A table to write temperatures and symptoms in (the temperature log handout)."""
        if not 1 <= rows <= 30:
            raise MacroCallError("temperature_log(rows): rows is a whole number from 1 to 30")
        return pictures.temperature_log(rows, w)

    @env.macro
    @checked('handout_questions() (no values)')
    def handout_questions():
        """The questions handout, and with JavaScript the "my questions" builder."""
        return handouts.questions_sheet(data.questions, w)

    @env.macro
    @checked('handout_warning_signs() (no values)')
    def handout_warning_signs():
        """The warning-signs handout, with boxes for the care team's numbers."""
        return numbers.attach(handouts.warning_signs_sheet(data.get_help, tracker().cite, center(), w))

    @env.macro
    @checked('option_sheet("radiation-therapy")')
    def option_sheet(option_id):
        """An option at a glance, from the options catalogue."""
        opt = _lookup(data.tree.options, option_id, "option", decision_tree.FILE)
        return handouts.option_sheet(opt, tracker().cite, w)

    @env.macro
    @checked('wallet_card() (no values)')
    def wallet_card():
        """Both sides of the emergency wallet card."""
        return handouts.wallet_card(data.get_help, center(), w)

    @env.macro
    @checked('center_value("night_phone", "Phone"): the center\'s name, day_phone or night_phone, else a line labelled "Phone"')
    def center_value(key, label=""):
        """A center's name or number (a tel: link) on a sheet, or a line to write it on."""
        if key not in ("name", "day_phone", "night_phone"):
            raise MacroCallError(f"center_value({key!r}): give \"name\", \"day_phone\" or \"night_phone\"")
        if key == "name":
            name = numbers.value("name")
            return handouts.t(name) if name else handouts.write_lines(1, label)
        return center_numbers.tel_link(center(), key) or handouts.write_lines(1, label)

    @env.macro
    @checked('lines(3), or with a label for screen readers: lines(3, "Notes")')
    def lines(n: int = 1, label=""):
        """Lines to write on."""
        if not 1 <= n <= 20:
            raise MacroCallError(f"lines({n!r}): give a whole number of lines from 1 to 20")
        return handouts.write_lines(n, label)

    @env.macro
    @checked('change_log() (no values)')
    def change_log():
        """The About page's change log, newest first, from changes.yml."""
        return changes.render_changes(data.changes, w)

    @env.macro
    @checked('this_copy("about_review"): a key of the group copy in strings.yml')
    def this_copy(key):
        """A sentence that depends on the copy: the main guide's words, or a center's (center.py)."""
        if key not in center_copy.COPY_NEEDS:
            raise MacroCallError(f"this_copy({key!r}): known keys are {', '.join(center_copy.COPY_NEEDS)}")
        return center_copy.copy_text(key, center_copy.center_of(ctx.extra), w, ctx.extra.get("report_mistake_url", ""))

    @env.macro
    @checked('glossary_count() (no values)')
    def glossary_count():
        return len(data.terms)

    @env.macro
    @checked('source_count() (no values)')
    def source_count():
        return len(data.sources)

    # The page macros above, by name: a page whose template uses only these may keep its output
    # between builds (page_cache.py).
    ctx.macro_names = frozenset(name for name, f in env.macros.items() if getattr(f, "__module__", None) == __name__)
