"""decision-tree.yml: the options catalogue and the "find your situation" tree.

Load and validate, cross-check the tree (every link exists, no cycles, every node reachable,
each node reached by exactly one choice), and render the guide and the options comparison as
HTML that works without JavaScript. Text from YAML is escaped for HTML and for Markdown, then
passed through Markdown (md_in_html) so glossary terms are explained here too."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Annotated, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .errors import DataError, raise_all
from .loading import SLUG, index_by_id, plain_text, read_yaml, validate
from .page_html import site_id_owner

FILE = "decision-tree.yml"
Text = Annotated[str, AfterValidator(plain_text)]
Id = Annotated[str, Field(pattern=SLUG)]
# Every outcome must offer these options, so comfort care and trials are never left out.
REQUIRED_IN_EVERY_OUTCOME = ("focusing-on-comfort", "clinical-trials")
ASPECTS = [("how_it_works", "How it works"), ("benefits", "Possible benefits"),
           ("risks", "Risks and side effects"), ("what_it_is_like", "What it is like"),
           ("who_it_may_suit", "Who it may suit")]


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: Id
    name: Text
    page: str = Field(pattern=r"^[a-z0-9][a-z0-9/_-]*\.md$")
    summary: Text
    how_it_works: Text
    benefits: Text
    risks: Text
    what_it_is_like: Text
    who_it_may_suit: Text
    sources: list[Id] = Field(min_length=1)


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    label: Text
    next: Id


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: Id
    kind: Literal["question"]
    question: Text
    help: Optional[Text] = None
    choices: list[Choice] = Field(min_length=2)


class OutcomeOption(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    option: Id
    why: Text
    questions: list[Text] = Field(min_length=1, max_length=5)


class Outcome(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: Id
    kind: Literal["outcome"]
    title: Text
    summary: Text
    options: list[OutcomeOption] = Field(min_length=2)
    sources: list[Id] = Field(min_length=1)


Node = Annotated[Union[Question, Outcome], Field(discriminator="kind")]


class TreeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: Id
    options: list[Option] = Field(min_length=1)
    nodes: list[Node] = Field(min_length=2)


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

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")


_FIGURE = re.compile(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?(?![A-Za-z0-9])")


def has_figure(text: str) -> bool:
    """A number in the text (not the digits of a marker name such as CD19 or GPRC5D)."""
    return bool(_FIGURE.search(text))


def md_text(text: str) -> str:
    """Escape plain text for HTML and Markdown, so it is shown exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def render_guide(tree: Tree, cite, page_href) -> str:
    """The whole guide on one page. Each node is a section with its id; choices are links.
    CSS shows only the step you are on when the address has a #step; without CSS or with
    an old browser, every step is shown in order. Works without JavaScript."""
    e = html.escape
    out = ['<div class="guide" markdown="1">']
    order = _walk_order(tree)
    for nid in order:
        n = tree.nodes[nid]
        cls = "guide-node " + ("guide-question" if isinstance(n, Question) else "guide-outcome")
        if nid == tree.start:
            cls += " guide-start"
        out.append(f'<section class="{cls}" id="{e(nid)}" aria-labelledby="{e(nid)}-title" markdown="1">')
        path = tree.path_to(nid)
        if path:
            out.append('<div class="guide-path" markdown="1">')
            out.append('<p class="guide-path__title">Your answers so far:</p>')
            out.append('<ol class="guide-path__list" markdown="1">')
            for q, label in path:
                out.append(f'<li markdown="1">[{md_text(q.question)}](#{q.id}) **{md_text(label)}**</li>')
            out.append("</ol>\n</div>")
        if isinstance(n, Question):
            step = len(path) + 1
            out.append(f'<h2 class="guide-title" id="{e(nid)}-title">Step {step}: {e(n.question)}</h2>')
            if n.help:
                out.append(f'<p markdown="1">{md_text(n.help)}</p>')
            out.append('<ul class="guide-choices" markdown="1">')
            for c in n.choices:
                out.append(f'<li markdown="1">[{md_text(c.label)}](#{c.next}){{ .guide-choice }}</li>')
            out.append("</ul>")
        else:
            out.append(f'<h2 class="guide-title" id="{e(nid)}-title">{e(n.title)}</h2>')
            out.append(f'<p markdown="1">{md_text(n.summary)} {cite(*n.sources)}</p>')
            out.append('<p class="guide-options-intro">Options your care team may talk about with you:</p>')
            for o in n.options:
                opt = tree.options[o.option]
                out.append('<div class="guide-option" markdown="1">')
                out.append(f'<h3 id="{e(nid)}--{e(opt.id)}">{e(opt.name)}</h3>')
                # A reason that states a figure cites the outcome's sources that this option also
                # lists (or, failing that, all the outcome's sources).
                own = [sid for sid in n.sources if sid in opt.sources] or n.sources
                why_cite = " " + cite(*own) if has_figure(o.why) else ""
                out.append(f'<p markdown="1">{md_text(o.why)}{why_cite}</p>')
                out.append('<p class="guide-option__ask">Questions you could ask:</p>')
                out.append("<ul>" + "".join(f'<li markdown="1">{md_text(q)}</li>' for q in o.questions) + "</ul>")
                name = opt.name[0].lower() + opt.name[1:]
                out.append(f'<p markdown="1">[Read more about {md_text(name)}]({page_href(opt.page)})</p>')
                out.append("</div>")
            out.append(f'<p class="guide-restart"><a href="#{e(tree.start)}">Start again</a></p>')
        out.append("</section>")
    out.append("</div>")
    return "\n".join(out)


def _walk_order(tree: Tree) -> list[str]:
    order, stack = [], [tree.start]
    while stack:
        cur = stack.pop(0)
        order.append(cur)
        n = tree.nodes[cur]
        if isinstance(n, Question):
            stack[0:0] = [c.next for c in n.choices]
    return order


def render_comparison(tree: Tree, cite, page_href) -> str:
    """Options side by side, one table per aspect, every option with the same fields."""
    out = []
    opts = list(tree.options.values())
    out.append("| Option | In short |\n| --- | --- |")
    for o in opts:
        out.append(f"| [{md_text(o.name)}]({page_href(o.page)}) | {md_text(o.summary)} {cite(*o.sources)} |")
    for key, title in ASPECTS:
        out.append(f"\n### {title} {{ #compare-{key.replace('_', '-')} }}\n")
        out.append("| Option | " + title + " |\n| --- | --- |")
        for o in opts:
            text = getattr(o, key)
            row_cite = " " + cite(*o.sources) if has_figure(text) else ""
            out.append(f"| {md_text(o.name)} | {md_text(text)}{row_cite} |")
    return "\n".join(out) + "\n"
