"""One-page handouts (docs/handouts/) and option sheets (docs/handouts/options/): the parts a
handout page is made of, rendered from the same data the rest of the site uses (warning signs
and phone lines from get-help.yml, questions from questions.yml, each option from the options
catalogue in decision-tree.yml). A handout page is a thin Markdown page with `handout: true` in
its front matter; macros/__init__.py adds its identity (title, site, address, QR code, review and
printed dates) at the top and its one-line sources and warning signs at the bottom."""
from __future__ import annotations

import html
import re

from .claims import claim_sources, md_text, render_claims
from .decision_tree import Option
from .get_help import GetHelp, join_or, phone_link
from .questions import Item, Topic
from .sources import short_reference  # noqa: F401  (handout footers use it)

e = html.escape


PDF_FOLDER = "handouts/pdf"
ALL_HANDOUTS_PDF = f"{PDF_FOLDER}/all-handouts.pdf"


def pdf_path(src_uri: str) -> str:
    """Where a handout's PDF is written (scripts/handout_pdfs.py): handouts/pdf/<name>.pdf,
    option sheets handouts/pdf/option-<id>.pdf."""
    parts = src_uri[: -len(".md")].split("/")
    name = parts[-1] if parts[-2] == "handouts" else f"option-{parts[-1]}"
    return f"{PDF_FOLDER}/{name}.pdf"


def toolbar(pdf_href: str) -> str:
    """On screen only: print this page (needs JavaScript) or download its PDF."""
    return (f'<p class="handout-tools no-print"><button type="button" class="md-button" data-print hidden>'
            f'Print this page</button> <a class="md-button" href="{e(pdf_href)}">Download the PDF</a></p>\n\n')


def render_list(pages, page_href, pdf_href) -> str:
    """The handouts index: one row per handout, from each page's front matter."""
    rows = ["| Handout | What it is for | Who prints it | PDF |", "| --- | --- | --- | --- |"]
    for p in sorted(pages, key=lambda p: (p.path.count("/"), p.meta.get("order", 99), p.path)):
        src = p.path[len("docs/"):]
        who = md_text(p.meta.get("printed_by", "Patients, families and nurses"))
        rows.append(f"| [{md_text(p.meta['title'])}]({page_href(p.path)}) | {md_text(p.meta['description'])} | {who} | "
                    f'<a href="{e(pdf_href(src))}">PDF</a> |')
    return "\n".join(rows) + "\n"


def write_lines(n: int = 1, label: str = "") -> str:
    """Lines to write on (decorative for screen readers, which get the label instead)."""
    lines = "".join('<span class="write-line"></span>' for _ in range(n))
    aria = f' aria-label="{e(label)}" role="img"' if label else ' aria-hidden="true"'
    return f'<span class="write-lines"{aria}>{lines}</span>'


def identity(title: str, site_name: str, address: str, qr_svg: str, reviewed: str, labels: dict) -> str:
    """The top of every handout: who made it, where it lives online (with a QR code to it), when
    it was reviewed and printed (the printed date is a line to fill in; print.js fills it)."""
    origin, _, path = address.partition("://")
    host, _, rest = path.partition("/")
    shown = (f'<span class="nobr">{e(origin)}://{e(host)}/</span>' + e(rest).replace("/", "/<wbr>"))
    return (f'<div class="handout-identity">'
            f'<div class="handout-identity__text">'
            f'<p class="handout-identity__site">{e(site_name)}</p>'
            f'<p>{e(labels["page_address"])}: <span class="page-address">{shown}</span></p>'
            f'<p>{e(labels["last_reviewed"])}: {e(reviewed)}. {e(labels["printed_on"])}: '
            f'<span class="printed-date">______________</span></p></div>'
            f'<div class="handout-identity__qr">{qr_svg}</div></div>\n\n')


def footer(gh: GetHelp, source_ids: list[str], sources: dict, cite_short) -> str:
    """The bottom of every handout: the warning signs in one line and a one-line source list."""
    e911 = phone_link(gh.lines["emergency"])
    signs = [s.short for s in gh.call_team_signs if s.short]
    warning = (f'<p class="handout-warning"><strong>Get help right away:</strong> call your care team\'s 24-hour number '
               f'for {join_or([e(s) for s in signs])}. Call {e911} if someone '
               f'{join_or([e(s.short or s.text) for s in gh.emergency_signs])}.</p>')
    refs = "; ".join(cite_short(sources[sid]) for sid in source_ids)
    return warning + f'\n<p class="handout-sources"><strong>Sources:</strong> {refs}.</p>\n'


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


def handout_topics(topics: dict[str, Topic]) -> list[tuple[str, list[str]]]:
    return [(t.title, [q.text for q in t.questions if q.handout]) for t in topics.values()
            if any(q.handout for q in t.questions)]


def more_questions(topics: dict[str, Topic]) -> list[tuple[str, list[str]]]:
    """Every other question, for the builder (not printed unless ticked)."""
    return [(t.title, [q.text for q in t.questions if not q.handout]) for t in topics.values()
            if any(not q.handout for q in t.questions)]


def warning_signs_sheet(gh: GetHelp, cite, center: dict | None) -> str:
    """The warning-signs handout: 911 signs, call-your-team signs, and boxes for the team's day
    and night numbers (filled in as tel: links when a co-branded build names them)."""
    center = center or {}
    def box(label, key):
        number = center.get(key)
        inner = (f'<a class="tel" href="tel:{e(str(center.get(key + "_dial") or number))}">{e(str(number))}</a>'
                 if number else write_lines(1, f"{label}: write the number here"))
        return f'<div class="number-box"><p class="number-box__label">{e(label)}</p>{inner}</div>'
    e911 = phone_link(gh.lines["emergency"])
    out = ['<div class="number-boxes">', box("My care team, daytime", "day_phone"),
           box("My care team, nights and weekends", "night_phone"), "</div>",
           f'<div class="handout-911"><p><strong>Call {e911} now</strong> if someone:</p><ul>']
    out += [f"<li>{e(s.text)} {cite(*s.sources)}</li>" for s in gh.emergency_signs]
    out.append("</ul></div>")
    out.append("<p><strong>Call your care team's 24-hour number right away</strong>, even at night, if you have:</p>")
    out.append('<ul class="handout-signs">' + "".join(f"<li>{e(s.text)} {cite(*s.sources)}</li>"
                                                       for s in gh.call_team_signs) + "</ul>")
    return "\n".join(out) + "\n"


def option_sheet(opt: Option, cite, labels: dict) -> str:
    """An option at a glance, from the catalogue: each aspect as a short run-in paragraph, then
    the option's questions with tick boxes and lines. Never written twice: the option page, the
    options comparison and this sheet share the same data."""
    parts = [("How it works", opt.how_it_works), ("Possible benefits", opt.benefits),
             ("Risks and side effects", opt.risks), ("What it is like", opt.what_it_is_like),
             ("Who it may suit", opt.who_it_may_suit)]
    out = ['<div class="option-sheet" markdown="1">']
    for title, claims in parts:
        out.append(f'<p class="option-sheet__part" markdown="1"><strong>{e(title)}:</strong> {render_claims(claims, cite)}</p>')
    out.append("</div>")
    out.append(f'<h2 id="questions">{e(labels["questions"])}</h2>')
    out.append(question_list([("", list(opt.questions))]).replace("<legend></legend>", "")
               .replace('class="handout-questions"', 'class="handout-questions handout-questions--columns"'))
    return "\n".join(out) + "\n"


def wallet_card(gh: GetHelp, center: dict | None) -> str:
    """Both sides of an emergency wallet card on one sheet: cut along the dashed line, fold in the
    middle. Front: who this is, the product and date, the center's 24-hour number. Back: the signs."""
    center = center or {}
    night = center.get("night_phone")
    number = (f'<a class="tel" href="tel:{e(str(center.get("night_phone_dial") or night))}">{e(str(night))}</a>'
              if night else write_lines(1, "Care team's 24-hour number"))
    signs = "; ".join(e(s.short) for s in gh.call_team_signs if s.short)
    front = ('<div class="wallet-card__side wallet-card__front">'
             '<p class="wallet-card__title">I had CAR T-cell therapy</p>'
             '<p>Please tell the doctor or nurse. Fever or confusion can be serious for me.</p>'
             f'<p class="wallet-field">Name: {write_lines(1, "Name")}</p>'
             f'<p class="wallet-field">CAR T product: {write_lines(1, "CAR T product")}</p>'
             f'<p class="wallet-field">Date of CAR T: {write_lines(1, "Date of CAR T")}</p>'
             f'<p class="wallet-field">Treatment center: {write_lines(1, "Treatment center")}</p>'
             f'<p class="wallet-field">24-hour number: {number}</p></div>')
    back = ('<div class="wallet-card__side wallet-card__back">'
            '<p class="wallet-card__title">Warning signs</p>'
            f'<p>Call my care team right away for: {signs}.</p>'
            f'<p>Call {phone_link(gh.lines["emergency"])} if I cannot breathe, have a seizure, pass out or cannot be woken.</p>'
            '<p>Other treatment I have now: ' + write_lines(1, "Other treatment") + '</p></div>')
    return (f'<div class="wallet-card" role="group" aria-label="Wallet card, front and back">{front}{back}</div>\n')
