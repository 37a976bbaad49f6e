"""One-page handouts (docs/handouts/) and option sheets (docs/handouts/options/): the parts a
handout page is made of, rendered from the same data the rest of the site uses (warning signs
and phone lines from get-help.yml, questions from questions.yml, each option from the options
catalogue in decision-tree.yml). A handout page is a thin Markdown page with `handout: true` in
its front matter; macros/__init__.py adds its identity (title, site, address, QR code, review and
printed dates) at the top and its one-line sources and warning signs at the bottom."""
from __future__ import annotations

import html
import re

from .center_numbers import tel_link
from .claims import claim_sources, md_text, render_claims
from .decision_tree import Option
from .escaping import html_text
from .get_help import GetHelp, join_words, phone_link
from .questions import Item, Topic
from .sources import short_reference  # noqa: F401  (handout footers use it)

e = html.escape
t = html_text  # text for an HTML text node (macros/escaping.py)


PDF_FOLDER = "handouts/pdf"
ALL_HANDOUTS_PDF = f"{PDF_FOLDER}/all-handouts.pdf"


def pdf_path(src_uri: str) -> str:
    """Where a handout's PDF is written (scripts/handout_pdfs.py): handouts/pdf/<name>.pdf,
    option sheets handouts/pdf/option-<id>.pdf."""
    parts = src_uri[: -len(".md")].split("/")
    name = parts[-1] if parts[-2] == "handouts" else f"option-{parts[-1]}"
    return f"{PDF_FOLDER}/{name}.pdf"


def toolbar(pdf_href: str | None, words) -> str:
    """On screen only: print this page (needs JavaScript) or download its PDF. `pdf_href` None:
    this build makes no PDFs (a preview), so it says how to make them instead of a broken link."""
    pdf = (f'<a class="md-button" href="{e(pdf_href)}">{t(words("handouts.download_pdf"))}</a>' if pdf_href is not None
           else f'<span class="handout-no-pdf">{t(words("handouts.no_pdf"))}</span>')
    return (f'<p class="handout-tools no-print"><button type="button" class="md-button" data-print hidden>'
            f'{t(words("handouts.print_page"))}</button> {pdf}</p>\n\n')


def render_list(pages, page_href, pdf_href, words) -> str:
    """The handouts index: one row per handout, from each page's front matter (`pdf_href` None:
    this build makes no PDFs)."""
    rows = [words("handouts.list_head"), "| --- | --- | --- | --- |"]
    for p in sorted(pages, key=lambda p: (p.path.count("/"), p.meta.get("order", 99), p.path)):
        src = p.path[len("docs/"):]
        who = md_text(p.meta.get("printed_by", words("handouts.printed_by_default")))
        rows.append(f"| [{md_text(p.meta['title'])}]({page_href(p.path)}) | {md_text(p.meta['description'])} | {who} | "
                    + (f'<a href="{e(pdf_href(src))}">{t(words("handouts.list_pdf"))}</a> |' if pdf_href
                       else f'{t(words("handouts.list_no_pdf"))} |'))
    return "\n".join(rows) + "\n"


def all_handouts_line(pdf_href: str | None, words) -> str:
    """The sentence under the handouts list: the one PDF of them all, or how to make it."""
    if pdf_href is None:
        return t(words("handouts.no_pdf"))
    return words("handouts.all_pdf", link_start=f'<a href="{e(pdf_href)}">', link_end="</a>")


def write_lines(n: int = 1, label: str = "") -> str:
    """Lines to write on (decorative for screen readers, which get the label instead)."""
    lines = "".join('<span class="write-line"></span>' for _ in range(n))
    aria = f' aria-label="{e(label)}" role="img"' if label else ' aria-hidden="true"'
    return f'<span class="write-lines"{aria}>{lines}</span>'


PAPER_FIELDS = ("patient_name", "given_date", "given_by")


def paper_fields(words, extra_class: str = "") -> str:
    """The write-in fields of a sheet a nurse hands over: the patient's name, the date and who
    gave it (handouts and printed guide results; words in strings.yml, handouts.field_*)."""
    cells = "".join(f'<span class="paper-field paper-field--{k}"><span class="paper-field__label">'
                    f'{t(words("handouts.field_" + k))}</span>{write_lines(1, words("handouts.field_" + k + "_label"))}</span>'
                    for k in PAPER_FIELDS)
    return f'<p class="paper-fields{" " + extra_class if extra_class else ""}">{cells}</p>'


def identity(title: str, site_name: str, address: str, qr_svg: str, reviewed: str, labels: dict,
             next_review: str = "", fields: str = "", adapted: str = "", changed: str = "") -> str:
    """The top of every handout: who made it, where it lives online (with a QR code to it), when
    it was reviewed and when its next review is due, then the patient's name, date and given-by
    fields. (The printed date is at its foot, about_line.) `adapted`: a center's copy's reviewer
    line (center.py), in small print. `changed`: that the sheet changed after that review
    (site.changed_after_review), after the dates."""
    origin, _, path = address.partition("://")
    host, _, rest = path.partition("/")
    shown = (f'<span class="nobr">{e(origin)}://{e(host)}/</span>' + e(rest).replace("/", "/<wbr>"))
    due = f' {e(labels["next_review"])}: {e(next_review)}.' if next_review else ""
    return (f'<div class="handout-identity">'
            f'<div class="handout-identity__text">'
            f'<p class="handout-identity__site">{e(site_name)}</p>'
            f'<p>{e(labels["page_address"])}: <span class="page-address">{shown}</span></p>'
            f'<p class="handout-identity__dates">{e(labels["last_reviewed"])}: {e(reviewed)}.{due}'
            + (f' {e(changed)}' if changed else "") + '</p>'
            + (f'<p class="handout-identity__adapted">{t(adapted)}</p>' if adapted else "")
            + f'{fields}</div>'
            f'<div class="handout-identity__qr">{qr_svg}</div></div>\n\n')


def about_line(words) -> str:
    """The foot of every handout: when it was printed (print.js fills the date in; without
    JavaScript, and in the PDFs, a line to write it on) and that it is not medical advice. Who
    wrote it and its review status run at the foot of the sheet (print-page-style.html, from
    mkdocs.yml's site_author); its review dates are at its top (identity)."""
    return (f'<span class="handout-about">{t(words("site.printed_on"))}: <span class="printed-date">______________</span>. '
            f'{t(words("site.not_medical_advice"))}</span>')


def with_about(source_line: str, about: str) -> str:
    """The one-line sources paragraph with the about line run on at its end (same small size)."""
    head, sep, tail = source_line.rpartition("</p>")
    return head + " " + about + sep + tail if sep else source_line + f"<p>{about}</p>\n"


def footer(gh: GetHelp, words, marks: str = "") -> str:
    """The bottom of every handout: the warning signs in one line, with the citation marks of
    the sources they come from (so the sheet's source list holds only what the sheet cites)."""
    w, either = words, words("warning_signs.or")
    e911 = phone_link(gh.lines["emergency"])
    signs = [s.short for s in gh.call_team_signs if s.short]
    return (f'<p class="handout-warning"><strong>{t(w("handouts.help_now"))}</strong> '
            + w.html("handouts.footer_team", signs=join_words([e(s) for s in signs], either)) + " "
            + w.html("handouts.footer_911", number=e911,
                     signs=join_words([e(s.short or s.text) for s in gh.emergency_signs], either)) + marks + "</p>")


def question_list(groups: list[tuple[str, list[str]]], start: int = 1) -> str:
    """Questions grouped by topic, each with a tick box and a line to write on. The boxes are
    real checkboxes, so the "my questions" builder (questions.js) can use them."""
    out, n = ['<div class="handout-questions" data-questions>'], start
    for title, questions in groups:
        out.append(f'<fieldset class="handout-topic"><legend>{e(title)}</legend><ul>')
        for q in questions:
            qid = f"_q{n}"
            out.append(f'<li class="handout-q"><input type="checkbox" id="{qid}" name="{qid}">'
                       f'<label for="{qid}">{e(q)}</label>{write_lines(1)}</li>')
            n += 1
        out.append("</ul></fieldset>")
    out.append("</div>")
    return "\n".join(out) + "\n"


def questions_sheet(topics: dict[str, Topic], words) -> str:
    """The questions handout: the questions marked handout: true, by topic, with tick boxes and
    lines; with JavaScript, the "my questions" builder (more questions, your own, print only yours)."""
    main = question_list(handout_topics(topics))
    more = question_list(more_questions(topics), start=100)
    return (main + '<div class="builder no-print" data-builder hidden>\n'
            + f'<details class="builder__more"><summary>{t(words("handouts.more_questions"))}</summary>\n'
            + more.replace("handout-questions", "handout-questions handout-questions--more") + "</details>\n</div>\n")


def handout_topics(topics: dict[str, Topic]) -> list[tuple[str, list[str]]]:
    return [(t.title, [q.text for q in t.questions if q.handout]) for t in topics.values()
            if any(q.handout for q in t.questions)]


def more_questions(topics: dict[str, Topic]) -> list[tuple[str, list[str]]]:
    """Every other question, for the builder (not printed unless ticked)."""
    return [(t.title, [q.text for q in t.questions if not q.handout]) for t in topics.values()
            if any(not q.handout for q in t.questions)]


def warning_signs_sheet(gh: GetHelp, cite, center: dict | None, words) -> str:
    """The warning-signs handout: 911 signs, call-your-team signs, and boxes for the team's day
    and night numbers (filled in as tel: links when a co-branded build names them)."""
    center = center or {}
    def box(label, key):
        inner = tel_link(center, key) or write_lines(1, words("handouts.write_number", label=label))
        return f'<div class="number-box"><p class="number-box__label">{e(label)}</p>{inner}</div>'
    e911 = phone_link(gh.lines["emergency"])
    w = words
    out = ['<div class="number-boxes">', box(w("handouts.day_number"), "day_phone"),
           box(w("handouts.night_number"), "night_phone"), "</div>",
           f'<div class="handout-911"><p><strong>{w.html("handouts.call_911_now", number=e911)}</strong> '
           f'{t(w("handouts.if_someone"))}</p><ul>']
    out += [f"<li>{e(s.text)} {cite(*s.sources)}</li>" for s in gh.emergency_signs]
    out.append("</ul></div>")
    out.append(f"<p><strong>{t(w('handouts.call_team_now'))}</strong>{t(w('handouts.even_at_night'))}</p>")
    out.append('<ul class="handout-signs">' + "".join(f"<li>{e(s.text)} {cite(*s.sources)}</li>"
                                                       for s in gh.call_team_signs) + "</ul>")
    return "\n".join(out) + "\n"


def option_sheet(opt: Option, cite, words) -> str:
    """An option at a glance, from the catalogue: each aspect as a short run-in paragraph, then
    the option's questions with tick boxes and lines. Never written twice: the option page, the
    options comparison and this sheet share the same data."""
    parts = [(words("aspects.how_it_works"), opt.how_it_works), (words("aspects.benefits"), opt.benefits),
             (words("aspects.risks"), opt.risks), (words("guide.what_it_is_like"), opt.what_it_is_like),
             (words("aspects.who_it_may_suit"), opt.who_it_may_suit)]
    out = ['<div class="option-sheet" markdown="1">']
    for title, claims in parts:
        out.append(f'<p class="option-sheet__part" markdown="1"><strong>{e(title)}:</strong> {render_claims(claims, cite)}</p>')
    out.append("</div>")
    out.append(f'<h2 id="questions">{t(words("handouts.questions_to_ask"))}</h2>')
    out.append(question_list([("", list(opt.questions))]).replace("<legend></legend>", "")
               .replace('class="handout-questions"', 'class="handout-questions handout-questions--columns"'))
    return "\n".join(out) + "\n"


def wallet_card(gh: GetHelp, center: dict | None, words) -> str:
    """Both sides of an emergency wallet card on one sheet: cut along the dashed line, fold in the
    middle. Front: who this is, the product and date, the center's 24-hour number. Back: the signs."""
    center = center or {}
    number = tel_link(center, "night_phone") or write_lines(1, words("handouts.wallet_number_label"))
    w = words
    signs = "; ".join(e(s.short) for s in gh.call_team_signs if s.short)
    name = center.get("name")  # the center's name (extra.center.name), when its build gives one
    filled = {"center": f'<span class="wallet-value">{t(str(name).strip())}</span>'} if name else {}
    fields = "".join(f'<p class="wallet-field">{t(w("handouts.wallet_" + k))} '
                     f'{filled.get(k) or write_lines(1, w("handouts.wallet_" + k + "_label"))}</p>'
                     for k in ("name", "product", "date", "center"))
    front = ('<div class="wallet-card__side wallet-card__front">'
             f'<p class="wallet-card__title">{t(w("handouts.wallet_title"))}</p>'
             f'<p>{t(w("handouts.wallet_tell"))}</p>' + fields +
             f'<p class="wallet-field">{t(w("handouts.wallet_number"))} {number}</p></div>')
    back = ('<div class="wallet-card__side wallet-card__back">'
            f'<p class="wallet-card__title">{t(w("handouts.wallet_signs_title"))}</p>'
            f'<p>{w.html("handouts.wallet_call_team", signs=signs)}</p>'
            f'<p>{w.html("handouts.wallet_call_911", number=phone_link(gh.lines["emergency"]))}</p>'
            f'<p class="wallet-field">{t(w("handouts.wallet_other"))} ' + write_lines(1, w("handouts.wallet_other_label")) + '</p>'
            f'<p class="wallet-card__clinicians">{t(w("handouts.wallet_clinicians"))}</p></div>')
    return (f'<div class="wallet-card" role="group" aria-label="{e(w("handouts.wallet_label"))}">{front}{back}</div>\n')
