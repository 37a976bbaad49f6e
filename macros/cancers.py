"""cancers.yml: the CAR T products and one entry per cancer. Each cancer has its own page
(docs/cancers/), rendered by cancer_page(); its place in the "find your situation" guide
(guide_step) links the page to the guide results and options that apply, and its outlook is
shown in every guide result for that cancer and on the focusing-on-comfort page."""
from __future__ import annotations

import html
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from .claims import Claim, Claims, claim_sources, md_text, render_claims
from .decision_tree import Outcome, Question, Tree
from .errors import DataError
from .get_help import join_or, join_words
from .loading import ID_MAX, Id, Name, Text, index_by_id, pattern, read_yaml, text_type, validate
from .page_html import site_id_owner

FILE = "cancers.yml"
ONLY_FOR_MAX = 40     # characters (the longest real one: 19)
MAX_PRODUCTS = 50     # products in the file (7)
MAX_CANCERS = 50      # cancers in the file (7)
MAX_APPROVALS = 12    # products approved for one cancer (3)
MAX_POINTS = 12       # points of one cancer (4)
MAX_OPTION_SUMMARIES = 20  # (1)
OnlyFor = text_type(ONLY_FOR_MAX)
CANCER_PAGE = pattern(r"^cancers/[a-z0-9-]+\.md$", "a cancer page: cancers/<the cancer's id>.md, e.g. "
                      "'cancers/large-b-cell-lymphoma.md'")
# The ids render_cancer_page gives the sections of every cancer page, with their headings: a
# point's id (its section's id) must be none of them.
SECTION_IDS = {"car-t-products": "CAR T products for this cancer", "after-car-t": "When ... does not work",
               "outlook": "How long people live", "options": "Your options", "guide-results": "Your situation in the guide",
               "what-you-can-do-now": "What you can do now", "get-help": "When to get help right away",
               "questions": "Questions to ask your care team"}


class Product(BaseModel):
    """An approved CAR T product."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: Id = Field(description="Stable id, e.g. axi-cel.")
    brand: Name = Field(description="US brand name, e.g. Yescarta.")
    generic: Name = Field(description="Generic name, e.g. axicabtagene ciloleucel.")
    short: Name = Field(description="Short name doctors use, e.g. axi-cel.")
    target: Name = Field(description="The marker it aims at, e.g. CD19 or BCMA.")


class Approval(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    product: Id = Field(description="Id of a product in this file.")
    approval: Claims = Field(description="For whom it is approved in this cancer, with the FDA source.")
    only_for: Optional[OnlyFor] = Field(default=None,
                                     description="Only when the approval covers part of the cancer's group: who, in a few words "
                                                 "(e.g. 'ages 18 to 25', 'follicular lymphoma'). The list of cancers shows it as "
                                                 "'ages 18 to 25 only: Tecartus'.")


class Point(BaseModel):
    """A point that matters for this cancer (e.g. bone pain in myeloma)."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: Id = Field(description="Section id on the page (its web address, #id); never change it once published.")
    title: Name = Field(description="Section heading.")
    text: Claims = Field(description="What a reader should know, each claim with its sources.")


class Cancer(BaseModel):
    """One cancer: its page, its products, what happens after CAR T, and what to ask."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: Id = Field(description="Stable id; also the page's file name in docs/cancers/.")
    name: Name = Field(description="Name shown to readers, e.g. 'Large B-cell lymphoma'.")
    page: str = Field(pattern=CANCER_PAGE, max_length=ID_MAX, description="The page, e.g. cancers/large-b-cell-lymphoma.md.")
    guide_step: Id = Field(description="The guide step that the first question's answer for this cancer leads to.")
    key_points: Claims = Field(max_length=5, description="3-5 key points, the page's summary.")
    products: list[Approval] = Field(min_length=1, max_length=MAX_APPROVALS, description="CAR T products approved in the US for this cancer.")
    after_car_t: Claims = Field(description="What usually happens when CAR T does not work or stops working in this cancer.")
    outlook: Claims = Field(description="The honest scale: what is known about how long people live after CAR T stops working, who was studied and when.")
    option_summaries: dict[Id, Claims] = Field(default={}, max_length=MAX_OPTION_SUMMARIES, description="This cancer's own one-line summary of an option "
                                               "that applies to it, keyed by option id (e.g. which other drugs are used "
                                               "for this cancer), shown on its page instead of the option's general summary.")
    points: list[Point] = Field(default=[], max_length=MAX_POINTS, description="Points that matter for this cancer, each a section of its page.")
    figures: list[Id] = Field(default=[], max_length=2, description="Ids from figures.yml drawn as icon arrays on the page.")
    actions: list[Text] = Field(min_length=2, max_length=6, description="What you can do now: 2-6 steps.")
    questions: list[Text] = Field(min_length=5, max_length=10, description="5-10 questions to ask the care team.")

    def claims(self) -> dict[str, list[Claim]]:
        out = {"key_points": self.key_points, "after_car_t": self.after_car_t, "outlook": self.outlook}
        for i, a in enumerate(self.products):
            out[f"products[{i}].approval"] = a.approval
        for i, p in enumerate(self.points):
            out[f"points[{i}].text"] = p.text
        for oid, claims in self.option_summaries.items():
            out[f"option_summaries.{oid}"] = claims
        return out


class CancersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    products: list[Product] = Field(min_length=1, max_length=MAX_PRODUCTS, description="Approved CAR T products.")
    cancers: list[Cancer] = Field(min_length=1, max_length=MAX_CANCERS, description="One entry per cancer, in the order of the guide's first question.")


def products_aimed_at(products: dict[str, Product], target: str, word: str = "and") -> str:
    """'Abecma (ide-cel) and Carvykti (cilta-cel)': every approved product aimed at `target`, by
    brand and short name, in the order of cancers.yml (readers search by brand), joined with
    `word` ("and" or "or", a comma before it for three or more); '' if none."""
    return join_words([f"{md_text(p.brand)} ({md_text(p.short)})" for p in products.values() if p.target == target], word)


class Cancers:
    def __init__(self, products: dict[str, Product], cancers: dict[str, Cancer], tree: Tree):
        self.products, self.cancers, self.tree = products, cancers, tree
        self.by_step = {c.guide_step: c for c in cancers.values()}

    def of_node(self, node_id: str) -> Optional[Cancer]:
        """The cancer whose branch of the guide holds this node."""
        path = self.tree.path_to(node_id)
        first = path[1][0].id if len(path) > 1 else node_id
        return self.by_step.get(first)

    def outcomes(self, cancer: Cancer) -> list[Outcome]:
        return [n for n in self.tree.outcomes() if self.of_node(n.id) is cancer]

    def option_ids(self, cancer: Cancer) -> list[str]:
        out: list[str] = []
        for n in self.outcomes(cancer):
            out += [o.option for o in n.options if o.option not in out]
        return out


def load_cancers(path: Path, tree: Tree) -> Cancers:
    data = validate(CancersFile, read_yaml(path), FILE, "cancers")
    products: dict[str, Product] = index_by_id(data.products, FILE, "product")
    cancers: dict[str, Cancer] = index_by_id(data.cancers, FILE, "cancer")
    start = tree.nodes[tree.start]
    first_steps = [c.next for c in start.choices] if isinstance(start, Question) else []
    seen: dict[str, str] = {}
    for c in cancers.values():
        if c.guide_step not in first_steps:
            raise DataError(FILE, f"'{c.guide_step}' is not a step that the guide's first question leads to "
                            f"(those are: {', '.join(first_steps)})", entry=c.id, field="guide_step")
        if c.guide_step in seen:
            raise DataError(FILE, f"cancer '{seen[c.guide_step]}' already uses this guide step", entry=c.id, field="guide_step")
        seen[c.guide_step] = c.id
        if c.page != f"cancers/{c.id}.md":
            raise DataError(FILE, f"the page must be cancers/{c.id}.md (named after the id)", entry=c.id, field="page")
        if len(c.key_points) < 3:
            raise DataError(FILE, "give 3 to 5 key points", entry=c.id, field="key_points")
        point_errors = point_id_problems(c)
        if point_errors:
            raise point_errors[0]
        for i, a in enumerate(c.products):
            if a.product not in products:
                raise DataError(FILE, f"product '{a.product}' is not in the products list", entry=c.id,
                                field=f"products[{i}].product")
    for step in first_steps:
        if step not in seen:
            raise DataError(FILE, f"no cancer has guide_step '{step}': every answer to the guide's first "
                            "question needs its cancer here", field="cancers")
    result = Cancers(products, cancers, tree)
    for c in cancers.values():
        applies = result.option_ids(c)
        for oid in c.option_summaries:
            if oid not in applies:
                raise DataError(FILE, f"'{oid}' is not an option of this cancer's guide results "
                                f"(those are: {', '.join(applies)})", entry=c.id, field=f"option_summaries.{oid}")
    return result


def point_id_problems(c: Cancer) -> list[DataError]:
    """A point's id is the id of its section on the cancer's page: not the id of another section
    of that page, of another point, or one the site writes itself."""
    errors, seen = [], {}
    for i, p in enumerate(c.points):
        owner = None
        if p.id in SECTION_IDS:
            owner = f"the page's section '{SECTION_IDS[p.id]}'"
        elif p.id in seen:
            owner = f"points[{seen[p.id]}]"
        elif p.id.startswith("figure-"):
            owner = "the page's figures, whose ids start with 'figure-'"
        else:
            owner = site_id_owner(p.id)
        if owner:
            errors.append(DataError(FILE, f"the id '{p.id}' is already used on this cancer's page by {owner}; "
                                    "two elements with one id break links to them: choose another id",
                                    entry=c.id, field=f"points[{i}].id"))
        seen.setdefault(p.id, i)
    return errors


def source_refs(cancers: Cancers):
    for c in cancers.cancers.values():
        for field, claims in c.claims().items():
            for i, cl in enumerate(claims):
                for sid in cl.sources:
                    yield FILE, c.id, f"{field}[{i}].sources", sid


# ---------------------------------------------------------------- rendering

def product_name(p: Product) -> str:
    return f"{p.brand} ({p.generic}, {p.short})"


def render_cancer_page(cancers: Cancers, cancer: Cancer, cite, page_href, figure, warning_signs,
                       guide_href: str) -> str:
    """A cancer page from its H1 (the cancer's full name) on: key points, products, what happens after CAR T,
    the outlook, the options and guide results that apply, points, actions, urgent help, questions."""
    tree = cancers.tree
    out = [f"# {md_text(cancer.name)} after CAR T", "", '!!! abstract "Key points"']
    out += [f"    - {render_claims([k], cite)}" for k in cancer.key_points]
    out.append("")
    out.append("## CAR T products for this cancer { #car-t-products }\n")
    out.append("These CAR T products are approved in the US for this cancer:\n")
    for a in cancer.products:
        p = cancers.products[a.product]
        out.append(f"- **{md_text(p.brand)}** ({md_text(p.generic)}, also called {md_text(p.short)}), "
                   f"aimed at {md_text(p.target)}. {render_claims(a.approval, cite)}")
    out.append("")
    brands = join_or([md_text(cancers.products[a.product].brand) for a in cancer.products])
    out.append(f"## When {brands} does not work or stops working {{ #after-car-t }}\n")
    out.append(render_claims(cancer.after_car_t, cite) + "\n")
    out.append("## How long people live { #outlook }\n")
    out.append("This part gives numbers about survival. You can skip it until you feel ready. "
               "Numbers from groups of people cannot tell you what will happen to you.\n")
    out.append(render_claims(cancer.outlook, cite) + "\n")
    for fid in cancer.figures:
        out.append(figure(fid))
    out.append("## Your options { #options }\n")
    out.append("These are the options a care team may talk about after CAR T for this cancer. "
               "Which ones fit you depends on your situation. You and your team choose together. You can "
               "choose more than one, or none. Choosing to focus on comfort is a real choice too.\n")
    for oid in cancers.option_ids(cancer):
        o = tree.options[oid]
        summary = cancer.option_summaries.get(oid, o.summary)
        out.append(f"- [{md_text(o.name)}]({page_href(o.page)}): {render_claims(summary, cite)}")
    out.append("")
    out.append(f"## Your situation in the guide {{ #guide-results }}\n")
    out.append(f"The [find your situation]({guide_href}#{cancer.guide_step}) guide starts here for this cancer. "
               "Its results for this cancer are:\n")
    for n in cancers.outcomes(cancer):
        out.append(f"- [{md_text(n.title)}]({guide_href}#{n.id})")
    out.append("")
    for p in cancer.points:
        out.append(f"## {md_text(p.title)} {{ #{p.id} }}\n")
        out.append(render_claims(p.text, cite) + "\n")
    out.append("## What you can do now { #what-you-can-do-now }\n")
    out += [f"1. {md_text(a)}" for a in cancer.actions]
    out.append("")
    out.append("## When to get help right away { #get-help }\n")
    out.append(warning_signs() + "\n")
    out.append("## Questions to ask your care team { #questions }\n")
    out += [f"- [ ] {md_text(q)}" for q in cancer.questions]
    return "\n".join(out) + "\n"


def render_outlook_table(cancers: Cancers, cite, page_href) -> str:
    """What is known without more cancer treatment, one row per cancer (comfort page)."""
    out = ["| Cancer | What is known |", "| --- | --- |"]
    for c in cancers.cancers.values():
        out.append(f"| [{md_text(c.name)}]({page_href(c.page)}#outlook) | {render_claims(c.outlook, cite)} |")
    return "\n".join(out) + "\n"


def brand_list(cancers: Cancers, c) -> str:
    """'Kymriah (tisa-cel); ages 18 to 25 only: Tecartus (brexu-cel), Aucatzyl (obe-cel)': each
    brand with the short name doctors use (readers search by either), brands for the whole group
    first, then each part of the group with its own brands."""
    def named(a) -> str:
        p = cancers.products[a.product]
        return f"{p.brand} ({p.short})"
    whole = [named(a) for a in c.products if not a.only_for]
    parts: dict[str, list[str]] = {}
    for a in c.products:
        if a.only_for:
            parts.setdefault(a.only_for, []).append(named(a))
    groups = ([", ".join(whole)] if whole else []) + [f"{who} only: {', '.join(b)}" for who, b in parts.items()]
    return "; ".join(groups)


def render_cancer_list(cancers: Cancers, page_href) -> str:
    out = []
    for c in cancers.cancers.values():
        out.append(f"- [{md_text(c.name)}]({page_href(c.page)}). CAR T: {md_text(brand_list(cancers, c))}")
    return "\n".join(out) + "\n"
