"""decision-tree.yml: the options catalogue and the "find your situation" tree.

Load and validate, cross-check the tree (every link exists, no cycles, every node reachable,
each node reached by exactly one choice), and render the guide and the options comparison as
HTML that works without JavaScript. Text from YAML is escaped for HTML and for Markdown, then
passed through Markdown (md_in_html) so glossary terms are explained here too."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Callable, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from .claims import Claim, Claims, OneClaim, claim_sources, md_text, render_claims
from .errors import DataError, raise_all
from .loading import ID_MAX, Id, Name, Text, index_by_id, pattern, read_yaml, validate
from .page_html import site_id_owner

FILE = "decision-tree.yml"
MAX_OPTIONS = 50          # options in the catalogue (the real catalogue has 7)
MAX_NODES = 300           # steps and results (37)
MAX_CHOICES = 12          # answers to one question (7)
MAX_OUTCOME_OPTIONS = 12  # options in one result (6)
PAGE = pattern(r"^[a-z0-9][a-z0-9/_-]*\.md$", "a page in docs/: lowercase letters, digits, hyphens and / "
               "ending in .md, e.g. 'options/bispecific-antibodies.md'")
# Every outcome must offer these options, so comfort care and trials are never left out.
REQUIRED_IN_EVERY_OUTCOME = ("focusing-on-comfort", "clinical-trials")
# The aspects every option has, in page order: (field, heading, section id on the option page).
ASPECTS = [("how_it_works", "How it works", "how-it-works"), ("benefits", "Possible benefits", "benefits"),
           ("risks", "Risks and side effects", "risks"), ("what_it_is_like", "What it is like day to day", "what-it-is-like"),
           ("without_it", "If you do not have it", "without-it"),
           ("who_it_may_suit", "Who it may suit", "who-it-may-help")]


class Option(BaseModel):
    """One treatment option in the catalogue: the same fields for every option (equal detail)."""
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    id: Id = Field(description="Stable id (lowercase, hyphens); used in links and by outcomes.")
    name: Name = Field(description="Name shown to readers, e.g. 'Bispecific antibodies'.")
    page: str = Field(pattern=PAGE, max_length=ID_MAX,
                      description="The option's page in docs/, e.g. options/bispecific-antibodies.md.")
    summary: Claims = Field(description="One or two sentences: what this option is.")
    how_it_works: Claims = Field(description="How it works, in plain words.")
    benefits: Claims = Field(description="Possible benefits, with a figure and who was studied where a source gives one.")
    risks: Claims = Field(description="Risks and side effects. The first claim is the one-line 'main risks' shown in guide results, unless a result gives its own (a result's option, field 'risks').")
    what_it_is_like: Claims = Field(description="Time in hospital, travel, caregiver needs. The first claim is the one-line summary shown in guide results, unless a result gives its own.")
    without_it: Claims = Field(description="What is known about NOT taking this option (by disease where a source gives it); say plainly when it is not known. The first claim is shown in guide results, unless a result gives its own.")
    who_it_may_suit: Claims = Field(description="Who this option may suit.")
    questions: list[Text] = Field(min_length=5, max_length=10,
                                  description="5-10 general questions to ask about this option (option page and option sheet).")

    def claims(self) -> dict[str, list[Claim]]:
        return {key: getattr(self, key) for key in ("summary",) + tuple(a[0] for a in ASPECTS)}


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    label: Name = Field(description="The answer as the reader would say it.")
    next: Id = Field(description="Id of the step or result this answer leads to.")


class Question(BaseModel):
    """A step of the guide: one question and its answers."""
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    id: Id = Field(description="Stable id: it is the step's web address (#id). Never change a published id.")
    kind: Literal["question"] = Field(description="'question' for a step.")
    question: Text = Field(description="The question, in the reader's words.")
    help: Optional[Text] = Field(default=None, description="A short hint shown under the question.")
    choices: list[Choice] = Field(min_length=2, max_length=MAX_CHOICES, description="Two or more answers.")


# A result may give its own version of a fact the catalogue gives once for all cancers: one claim
# (OneClaim, 1-2 short sentences), so printed results stay as short as with the catalogue's fact.
# The catalogue facts a result shows for each option, and the heading it shows them under:
# (field, heading, shown in the printed summary or only with the details).
RESULT_FACTS = [("risks", "Main risks", "summary"), ("what_it_is_like", "What it is like", "detail"),
                ("without_it", "Without it", "detail")]
_OVERRIDE = ("Only when the catalogue's first '{field}' claim does not fit this result (for example, it comes "
             "from lymphoma studies and this result is about myeloma or leukemia): this result's own "
             "'{heading}' for this option, one claim of 1-2 short sentences with its sources, about this cancer. "
             "Shown in this result instead of the catalogue's claim; the option page keeps the catalogue's.")


class OutcomeOption(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    option: Id = Field(description="Id of an option in the catalogue.")
    why: Claims = Field(description="Why this option may fit this situation, each claim with its own sources.")
    questions: list[Text] = Field(min_length=1, max_length=5, description="1-5 questions specific to this situation.")
    risks: Optional[OneClaim] = Field(default=None, description=_OVERRIDE.format(field="risks", heading="Main risks"))
    what_it_is_like: Optional[OneClaim] = Field(default=None, description=_OVERRIDE.format(
        field="what_it_is_like", heading="What it is like"))
    without_it: Optional[OneClaim] = Field(default=None, description=_OVERRIDE.format(
        field="without_it", heading="Without it"))

    def overrides(self) -> dict[str, list[Claim]]:
        """This result's own facts that replace the catalogue's, by field."""
        return {key: getattr(self, key) for key, _, _ in RESULT_FACTS if getattr(self, key) is not None}


class Outcome(BaseModel):
    """A result of the guide: a situation and the options a care team may discuss."""
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    id: Id = Field(description="Stable id: it is the result's web address (#id). Never change a published id.")
    kind: Literal["outcome"] = Field(description="'outcome' for a result.")
    title: Name = Field(description="The situation in one line.")
    summary: Claims = Field(description="What this situation means, each claim with its own sources.")
    options: list[OutcomeOption] = Field(min_length=2, max_length=MAX_OUTCOME_OPTIONS, description="Options in the order care teams usually discuss them; must include clinical-trials and focusing-on-comfort.")

    def claims(self) -> dict[str, list[Claim]]:
        out = {"summary": self.summary}
        for i, o in enumerate(self.options):
            out[f"options[{i}].why"] = o.why
            for key, claims in o.overrides().items():
                out[f"options[{i}].{key}"] = claims
        return out


Node = Annotated[Union[Question, Outcome], Field(discriminator="kind")]


class TreeFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    start: Id = Field(description="Id of the first step.")
    options: list[Option] = Field(min_length=1, max_length=MAX_OPTIONS, description="The options catalogue.")
    nodes: list[Node] = Field(min_length=2, max_length=MAX_NODES, description="Steps (kind: question) and results (kind: outcome).")


class Tree:
    def __init__(self, start: str, options: dict[str, Option], nodes: dict[str, Union[Question, Outcome]]):
        self.start, self.options, self.nodes = start, options, nodes
        self.parent: dict[str, tuple[str, str]] = {}  # node -> (question id, choice label)
        for q in nodes.values():
            if isinstance(q, Question):
                for c in q.choices:
                    self.parent[c.next] = (q.id, c.label)

    def path_to(self, node_id: str) -> list[tuple[Question, str]]:
        """The questions and answers that lead from the start to a node."""
        steps = []
        while node_id in self.parent:
            qid, label = self.parent[node_id]
            steps.append((self.nodes[qid], label))
            node_id = qid
        return list(reversed(steps))

    def outcomes(self) -> list[Outcome]:
        return [n for n in self.nodes.values() if isinstance(n, Outcome)]


def load_tree(path: Path) -> Tree:
    data = validate(TreeFile, read_yaml(path), FILE, "nodes")
    options: dict[str, Option] = index_by_id(data.options, FILE, "option")
    nodes: dict[str, Union[Question, Outcome]] = index_by_id(data.nodes, FILE, "node", taken=options)
    raise_all(reserved_id_problems(nodes))
    check_tree(data.start, options, nodes)
    return Tree(data.start, options, nodes)


def reserved_id_problems(nodes, page_ids: dict[str, int] | None = None, page: str = "") -> list[DataError]:
    """A step's id becomes element ids on the guide page (the id, <id>-title, <id>--<option>):
    none may be an id the site writes itself or one the guide page (`page`) gives a heading."""
    errors = []
    for nid, n in nodes.items():
        ids = [nid, f"{nid}-title"] + ([f"{nid}--{o.option}" for o in n.options] if isinstance(n, Outcome) else [])
        for eid in ids:
            owner = site_id_owner(eid)
            if owner is None and page_ids and eid in page_ids:
                owner = f"a heading on {page}, line {page_ids[eid]}"
            if owner:
                errors.append(DataError(FILE, f"this step's id would give the guide page a second element with "
                                        f"the id '{eid}' (already used by {owner}): choose another id",
                                        entry=nid, field="id"))
                break
    return errors


def check_tree(start, options, nodes) -> None:
    if start not in nodes:
        raise DataError(FILE, f"the start node '{start}' does not exist", field="start")
    if not isinstance(nodes[start], Question):
        raise DataError(FILE, "the start node must be a question", entry=start, field="kind")
    parents: dict[str, str] = {}
    for n in nodes.values():
        if isinstance(n, Question):
            seen = set()
            for i, c in enumerate(n.choices):
                if c.next not in nodes:
                    raise DataError(FILE, f"choice {c.label!r} leads to node '{c.next}', which does not exist",
                                    entry=n.id, field=f"choices[{i}].next")
                if c.next in seen:
                    raise DataError(FILE, f"two choices lead to '{c.next}'", entry=n.id, field=f"choices[{i}].next")
                seen.add(c.next)
                if c.next == start:
                    raise DataError(FILE, f"choice {c.label!r} leads back to the start: the guide would go round in a circle",
                                    entry=n.id, field=f"choices[{i}].next")
                if c.next in parents:
                    raise DataError(FILE, f"node '{c.next}' is reached from both '{parents[c.next]}' and '{n.id}'; "
                                    "each step has one way in, so the path to it is clear (copy the node instead)",
                                    entry=n.id, field=f"choices[{i}].next")
                parents[c.next] = n.id
        else:
            used = [o.option for o in n.options]
            for i, o in enumerate(n.options):
                if o.option not in options:
                    raise DataError(FILE, f"option '{o.option}' is not in the options catalogue",
                                    entry=n.id, field=f"options[{i}].option")
            for req in REQUIRED_IN_EVERY_OUTCOME:
                if req in options and req not in used:
                    raise DataError(FILE, f"every outcome must include the option '{req}'", entry=n.id, field="options")
            if len(set(used)) != len(used):
                raise DataError(FILE, "an option is listed twice", entry=n.id, field="options")
    # Cycles: walk up the single-parent chain from every node.
    for nid in nodes:
        seen, cur = set(), nid
        while cur in parents:
            if cur in seen:
                raise DataError(FILE, "the choices form a loop, so the guide would never end", entry=cur, field="choices")
            seen.add(cur)
            cur = parents[cur]
    # Reachability from the start.
    reach, stack = set(), [start]
    while stack:
        cur = stack.pop()
        if cur in reach:
            continue
        reach.add(cur)
        n = nodes[cur]
        if isinstance(n, Question):
            stack.extend(c.next for c in n.choices)
    for nid in nodes:
        if nid not in reach:
            raise DataError(FILE, "no choice leads to this node, so no reader can reach it", entry=nid, field="id")
    used_options = {o.option for n in nodes.values() if isinstance(n, Outcome) for o in n.options}
    for oid in options:
        if oid not in used_options:
            raise DataError(FILE, "this option is not offered by any outcome", entry=oid, field="id")


# ---------------------------------------------------------------- rendering

_FIGURE = re.compile(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?(?![A-Za-z0-9])")


def has_figure(text: str) -> bool:
    """A number in the text (not the digits of a marker name such as CD19 or GPRC5D)."""
    return bool(_FIGURE.search(text))


@dataclass
class GuideParts:
    """What the guide shows beside the tree's own data, supplied by the other modules."""
    cite: Callable[..., str]
    page_href: Callable[[str], str]            # docs path -> link target
    outlook: Callable[[str], list[Claim]]      # outcome id -> the disease's outlook claims
    warning_line: str = ""                     # Markdown: the warning signs in one paragraph
    result_qr: Callable[[str], str] = lambda nid: ""   # outcome id -> HTML for its QR code and address
    source_list: Callable[..., str] = lambda ids, detail_ids=(): ""  # ids -> HTML list, numbered as on the page
    option_sheets_address: str = ""            # the full address of the handouts index (option sheets)
    result_address: Callable[[str], str] = lambda nid: ""  # outcome id -> its own page's full address
    result_page: Callable[[str], str] = lambda nid: ""  # outcome id -> link target of its own page ("": none)
    guide_href: str = ""                       # link target of the guide page ("" on the guide page itself)
    words: Optional[Callable[..., str]] = None  # the texts of strings.yml (strings.Words)
    help_href: str = ""                        # link target of the warning signs beside a result's summary


# A result's summary on the guide page: its title and the first claims of its own summary (a
# sentence or two of what the situation means), then the way to its own page, which holds the
# result in full (result_pages.py).
SUMMARY_CLAIMS = 2


def outcome_sources(tree: Tree, n: Outcome, outlook: list[Claim]) -> list[str]:
    """Every source a printed result cites, in order."""
    return claim_sources(_summary_claims(tree, n, outlook) + _detail_claims(tree, n))


def outcome_detail_sources(tree: Tree, n: Outcome, outlook: list[Claim]) -> list[str]:
    """Sources a result cites only in its options' details (what it is like, without it): on
    paper they are listed only when the reader chose to print the details."""
    summary = set(claim_sources(_summary_claims(tree, n, outlook)))
    return [s for s in claim_sources(_detail_claims(tree, n)) if s not in summary]


def result_fact(tree: Tree, o: OutcomeOption, key: str) -> list[Claim]:
    """What a result shows for one option's fact (`key` of RESULT_FACTS): the result's own claim
    where it gives one (facts about its cancer), otherwise the catalogue's first claim."""
    own = getattr(o, key)
    return list(own) if own is not None else [getattr(tree.options[o.option], key)[0]]


def _summary_claims(tree: Tree, n: Outcome, outlook: list[Claim]) -> list[Claim]:
    claims = list(n.summary) + list(outlook)
    for o in n.options:
        claims += list(o.why)
        claims += [c for key, _, part in RESULT_FACTS if part == "summary" for c in result_fact(tree, o, key)]
    return claims


def _detail_claims(tree: Tree, n: Outcome) -> list[Claim]:
    return [c for o in n.options for key, _, part in RESULT_FACTS if part == "detail"
            for c in result_fact(tree, o, key)]


def render_guide(tree: Tree, parts: GuideParts) -> str:
    """The whole guide on one page. Each node is a section with its id; choices are links.
    CSS shows only the step you are on when the address has a #step; without CSS or with
    an old browser, every step is shown in order. Works without JavaScript. A result that has
    its own page (parts.result_page) is only summarised here, under the same id, with a link
    to that page (the guide page stays light); one without (a fixture) is shown in full."""
    e, w = html.escape, parts.words
    out = ['<div class="guide" markdown="1">']
    for nid in _walk_order(tree):
        n = tree.nodes[nid]
        own = parts.result_page(nid) if isinstance(n, Outcome) else ""
        cls = "guide-node " + ("guide-question" if isinstance(n, Question) else "guide-outcome")
        if own:
            cls += " guide-summary"
        if nid == tree.start:
            cls += " guide-start"
        out.append(f'<section class="{cls}" id="{e(nid)}" aria-labelledby="{e(nid)}-title" markdown="1">')
        if own:
            out += _render_summary(n, parts, own)
            out.append("</section>")
            continue
        path = tree.path_to(nid)
        out += _render_path(path, parts)
        if isinstance(n, Question):
            step = len(path) + 1
            out.append(f'<h2 class="guide-title" id="{e(nid)}-title">{e(w("guide.step", n=step, question=n.question))}</h2>')
            if n.help:
                out.append(f'<p markdown="1">{md_text(n.help)}</p>')
            out.append('<ul class="guide-choices" markdown="1">')
            for c in n.choices:
                out.append(f'<li markdown="1">[{md_text(c.label)}](#{c.next}){{ .guide-choice }}</li>')
            out.append("</ul>")
        else:
            out += _render_outcome(tree, n, parts)
        out.append("</section>")
    out.append("</div>")
    return "\n".join(out)


def _render_summary(n: Outcome, parts: GuideParts, own: str) -> list[str]:
    """A result on the guide page when it has its own page (`own`, its link target): its title,
    a sentence or two of what it means, a clear link to the full result (to read, save or print)
    and one to the warning signs; on paper, its own page's address and QR code and a note that the
    full result is there, and the sources of its sentences. The section keeps the result's id, so every #result address lands here."""
    e, w = html.escape, parts.words
    out = [f'<h2 class="guide-title" id="{e(n.id)}-title">{e(n.title)}</h2>',
           f'<p class="guide-summary__meaning" markdown="1">{render_claims(n.summary[:SUMMARY_CLAIMS], parts.cite)}</p>',
           f'<p class="guide-own-page-link guide-summary__links no-print" data-search-exclude markdown="1">'
           f'[{md_text(w("guide.summary_full"))}]({own}){{ .md-button .md-button--primary .guide-summary__full }}']
    if parts.help_href:
        out[-1] += f' [{md_text(w("guide.summary_help"))}]({parts.help_href}){{ .guide-summary__help }}'
    out[-1] += "</p>"
    out.append(f'<p class="print-only guide-summary__note">{e(w("guide.summary_print_note"))}</p>')
    qr = parts.result_qr(n.id)
    if qr:
        out.append(qr)
    listing = parts.source_list(claim_sources(n.summary[:SUMMARY_CLAIMS]))
    if listing:  # on paper, the sources of the summary's own sentences
        out.append(listing)
    return out


def _render_path(path: list[tuple[Question, str]], parts: GuideParts) -> list[str]:
    """"Your answers so far": each question links to its step on the guide page."""
    if not path:
        return []
    w = parts.words
    out = ['<div class="guide-path" markdown="1">',
           f'<p class="guide-path__title">{html.escape(w("guide.answers_so_far"))}</p>',
           '<ol class="guide-path__list" markdown="1">']
    for q, label in path:
        out.append(f'<li markdown="1">[{md_text(q.question)}]({parts.guide_href}#{q.id}) **{md_text(label)}**</li>')
    out.append("</ol>\n</div>")
    return out


def render_result_page(tree: Tree, node_id: str, parts: GuideParts) -> str:
    """A result on its own page (result_pages.py): the same result as on the guide page, from the
    same renderer, with its situation as the page's H1 (id: the result id, the last part of the
    page's address) and its answers linking back to the guide's steps. `parts.guide_href` must
    lead to the guide page. The section is marked `guide-own-page`, so it prints as the guide
    prints a result it is opened at (assets/stylesheets/print.css)."""
    n = tree.nodes[node_id]
    if not isinstance(n, Outcome):
        raise DataError(FILE, "is a step, not a result: only results have their own page", entry=node_id, field="kind")
    e, w = html.escape, parts.words
    out = [f"# {md_text(n.title)} {{ #{n.id} }}\n",
           f'<section class="guide-node guide-outcome guide-own-page" aria-labelledby="{e(n.id)}" markdown="1">',
           f'<p class="guide-own-page__from no-print" markdown="1">{md_text(w("guide.own_page_guide"))} '
           f'[{md_text(w("guide.own_page_guide_link"))}]({parts.guide_href}).</p>']
    out += _render_path(tree.path_to(n.id), parts)
    out += _render_outcome(tree, n, parts, own_page=True)
    out.append("</section>")
    return "\n".join(out) + "\n"


def _render_outcome(tree: Tree, n: Outcome, parts: GuideParts, own_page: bool = False) -> list[str]:
    """A result's content. On the guide page it starts with its title (an H2); on its own page
    the page's H1 is the title and no link leads to itself."""
    e, cite, w = html.escape, parts.cite, parts.words
    outlook = parts.outlook(n.id)
    out = []
    address = parts.result_address(n.id)
    if address:
        # On paper the result's own address heads it, in place of the guide page's address.
        out.append(f'<p class="print-only result-top-address no-explain">{e(w("guide.result_online"))} '
                   f'<span class="page-address">{e(address)}</span></p>')
        from .handouts import paper_fields  # (handouts.py imports this module)
        out.append(paper_fields(w, "print-only"))
    if not own_page:
        out.append(f'<h2 class="guide-title" id="{e(n.id)}-title">{e(n.title)}</h2>')
    out.append(f'<p markdown="1">{render_claims(n.summary, cite)}</p>')
    own = "" if own_page else parts.result_page(n.id)
    if own:
        out.append(f'<p class="guide-own-page-link no-print" data-search-exclude markdown="1">[{md_text(w("guide.own_page"))}]({own})</p>')
    if outlook:
        out.append(f'<p class="guide-outlook" markdown="1">**{md_text(w("guide.what_to_expect"))}** {render_claims(outlook, cite)}</p>')
    if parts.warning_line:
        out.append(f'<p class="guide-warning" markdown="1">{parts.warning_line}</p>')
    out.append(f'<p class="guide-options-intro">{e(w("guide.options_intro"))}</p>')
    comfort = tree.options.get("focusing-on-comfort")
    for o in n.options:
        opt = tree.options[o.option]
        # The anchor is on the block, not the heading: a heading with an id would be a search
        # result of its own, and these repeat the option pages.
        out.append(f'<div class="guide-option" id="{e(n.id)}--{e(opt.id)}" markdown="1">')
        # The name and why it may fit in one block: on paper the name runs into the sentence.
        out.append('<div class="guide-option__lead" markdown="1">')
        # Under the result's title: an H2 on the guide page, the H1 on the result's own page.
        out.append(f'<p class="guide-option__name" role="heading" aria-level="{2 if own_page else 3}">{e(opt.name)}</p>')
        out.append(f'<p markdown="1">{render_claims(o.why, cite)}</p>')
        out.append("</div>")
        out.append('<ul class="guide-option__facts" markdown="1">')
        for key, _, part in RESULT_FACTS:
            cls = ' class="print-detail"' if part == "detail" else ""
            out.append(f'<li{cls} markdown="1">**{md_text(w("guide." + ("main_risks" if key == "risks" else key)))}:** '
                       f'{render_claims(result_fact(tree, o, key), cite)}</li>')
        out.append("</ul>")
        out.append(f'<p class="guide-option__ask">{e(w("guide.questions_to_ask"))}</p>')
        out.append("<ul>" + "".join(f'<li markdown="1">{md_text(q)}</li>' for q in o.questions) + "</ul>")
        name = opt.name[0].lower() + opt.name[1:]
        out.append(f'<p class="guide-option__more" markdown="1">[{md_text(w("guide.read_more", name=name))}]({parts.page_href(opt.page)}) '
                   f'· [{md_text(w("guide.known_without"))}]({parts.page_href(opt.page)}#without-it)</p>')
        out.append("</div>")
    if comfort is not None:
        out.append(f'<p class="guide-choice-note" markdown="1">{md_text(w("guide.choice_note"))} '
                   f'[{md_text(w("guide.choice_note_link"))}]({parts.page_href(comfort.page)}) {md_text(w("guide.choice_note_end"))}</p>')
    # On paper a result is a summary (the aim is 2 Letter sheets): each option's details print
    # only if the reader ticks this box; otherwise the paper says where the option sheets are.
    out.append('<p class="print-choice no-print"><label><input type="checkbox" class="print-choice__box"> '
               f'{e(w("guide.print_also"))}</label></p>')
    if parts.option_sheets_address:
        out.append(f'<p class="print-only print-summary-note">{e(w("guide.option_sheets"))} '
                   f'<span class="page-address">{e(parts.option_sheets_address)}</span></p>')
    qr = parts.result_qr(n.id)
    if qr:
        out.append(qr)
    listing = parts.source_list(outcome_sources(tree, n, outlook), outcome_detail_sources(tree, n, outlook))
    if listing:
        out.append(listing)
    out.append(f'<p class="guide-restart" markdown="1">[{md_text(w("guide.start_again"))}]({parts.guide_href}#{tree.start})</p>')
    return out


def _walk_order(tree: Tree) -> list[str]:
    order, stack = [], [tree.start]
    while stack:
        cur = stack.pop(0)
        order.append(cur)
        n = tree.nodes[cur]
        if isinstance(n, Question):
            stack[0:0] = [c.next for c in n.choices]
    return order


COMPARE_PAGE = "options/compare.md"


def render_summary(tree: Tree, cite, page_href, words) -> str:
    """The options overview's table: every option in one row with its short summary, then a link
    to each aspect's table on the comparison page (COMPARE_PAGE). Each link keeps the address the
    aspect's table had when it was on this page (`options/#compare-<aspect>`, in urls.txt), so a
    link published to it lands next to the way on."""
    out = [words("guide.compare_head") + "\n| --- | --- |"]
    for o in tree.options.values():
        out.append(f"| [{md_text(o.name)}]({page_href(o.page)}) | {render_claims(o.summary, cite)} |")
    out.append("\n" + words("guide.compare_aspects", compare=page_href(COMPARE_PAGE)) + "\n")
    for key, _, anchor in ASPECTS:
        out.append(f"- [{md_text(words('aspects.' + key))}]({page_href(COMPARE_PAGE)}#{anchor})"
                   f"{{ #compare-{key.replace('_', '-')} }}")
    return "\n".join(out) + "\n"


def render_comparison(tree: Tree, cite, page_href, words) -> str:
    """Options side by side, one table per aspect under its own heading (the comparison page),
    every option with the same fields and every claim with its own citation. On paper the
    options' names print without their addresses (no-print-urls: print.js), which would fill the
    narrow first column six times over."""
    out = []
    opts = list(tree.options.values())
    for key, _, anchor in ASPECTS:
        title = md_text(words("aspects." + key))
        out.append(f"\n## {title} {{ #{anchor} }}\n")
        out.append('<div class="no-print-urls" markdown="1">\n')
        out.append(f"| {md_text(words('guide.compare_option'))} | " + title + " |\n| --- | --- |")
        for o in opts:
            out.append(f"| [{md_text(o.name)}]({page_href(o.page)}) | {render_claims(getattr(o, key), cite)} |")
        out.append("\n</div>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- option pages

def option_for_page(tree: Tree, src_uri: str) -> Option | None:
    return next((o for o in tree.options.values() if o.page == src_uri), None)


def sheet_page(opt: Option) -> str:
    """The option's one-page sheet (docs/handouts/options/<id>.md)."""
    return f"handouts/options/{opt.id}.md"


def render_option_decision(tree: Tree, opt: Option, page_href, words) -> str:
    """The decision this page is about (IPDAS: state the decision, name the alternatives)."""
    others = [o for o in tree.options.values() if o.id != opt.id]
    links = ", ".join(f"[{md_text(o.name[0].lower() + o.name[1:])}]({page_href(o.page)})" for o in others)
    name = md_text(opt.name[0].lower() + opt.name[1:])
    text = words("guide.choice_box", name=name, others=links, compare=page_href(COMPARE_PAGE),
                 sheet=page_href(sheet_page(opt)))
    return f'<div class="option-decision no-print-urls" markdown="1" data-search-exclude>\n\n{text}\n\n</div>\n'


def render_option_without(tree: Tree, opt: Option, cite, page_href, words) -> str:
    """What is known about not taking this option, from the catalogue."""
    comfort = tree.options.get("focusing-on-comfort")
    text = render_claims(opt.without_it, cite)
    if comfort is not None and comfort.id != opt.id:
        text += "\n\n" + words("guide.without_comfort", comfort=page_href(comfort.page),
                                 without=page_href(comfort.page) + "#without-treatment")
    return text + "\n"


def render_option_questions(opt: Option) -> str:
    """The option's general questions as a checklist (also printed on its option sheet)."""
    return "\n".join(f"- [ ] {md_text(q)}" for q in opt.questions) + "\n"
