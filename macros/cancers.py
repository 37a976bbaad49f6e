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
from .errors import DataError, DataErrors, MacroCallError
from .figures import Figure, denominator_problems
from .get_help import join_or, join_words
from .icd10 import MAX_CODES, Icd10Code, code_problems
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
               "questions": "Questions to ask your care team", "treatment-results": "How well some treatments worked"}


class Product(BaseModel):
    """An approved CAR T product."""
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    id: Id = Field(description="Stable id, e.g. axi-cel.")
    brand: Name = Field(description="US brand name, e.g. Yescarta.")
    generic: Name = Field(description="Generic name, e.g. axicabtagene ciloleucel.")
    short: Name = Field(description="Short name doctors use, e.g. axi-cel.")
    target: Name = Field(description="The marker it aims at, e.g. CD19 or BCMA.")


class Approval(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    product: Id = Field(description="Id of a product in this file.")
    approval: Claims = Field(description="For whom it is approved in this cancer, with the FDA source.")
    only_for: Optional[OnlyFor] = Field(default=None,
                                     description="Only when the approval covers part of the cancer's group: who, in a few words "
                                                 "(e.g. 'ages 18 to 25', 'follicular lymphoma'). The list of cancers shows it as "
                                                 "'ages 18 to 25 only: Tecartus'.")


class Point(BaseModel):
    """A point that matters for this cancer (e.g. bone pain in myeloma)."""
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    id: Id = Field(description="Section id on the page (its web address, #id); never change it once published.")
    title: Name = Field(description="Section heading.")
    text: Claims = Field(description="What a reader should know, each claim with its sources.")


class Cancer(BaseModel):
    """One cancer: its page, its products, what happens after CAR T, and what to ask."""
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
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
    figures: list[Id] = Field(default=[], max_length=2, description="Ids from figures.yml drawn as icon arrays on the page, "
                              "each under the section of what it measures (its 'measures' field).")
    actions: list[Text] = Field(min_length=2, max_length=6, description="What you can do now: 2-6 steps.")
    questions: list[Text] = Field(min_length=5, max_length=10, description="5-10 questions to ask the care team.")
    codes: list[Icd10Code] = Field(default=[], max_length=MAX_CODES, description="The ICD-10-CM codes that lead to "
                                   "this page (lookup by diagnosis code, macros/icd10.py), each with its official title "
                                   "from the tabular list; a code stands for every code below it.")

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
    model_config = ConfigDict(extra="forbid", defer_build=True)
    products: list[Product] = Field(min_length=1, max_length=MAX_PRODUCTS, description="Approved CAR T products.")
    cancers: list[Cancer] = Field(min_length=1, max_length=MAX_CANCERS, description="One entry per cancer, in the order of the guide's first question.")


def products_aimed_at(products: dict[str, Product], target: str, word: str = "and") -> str:
    """'Abecma (ide-cel) and Carvykti (cilta-cel)': every approved product aimed at `target`, by
    brand and short name, in the order of cancers.yml (readers search by brand), joined with
    `word` ("and" or "or", a comma before it for three or more); '' if none."""
    return join_words([f"{md_text(p.brand)} ({md_text(p.short)})" for p in products.values() if p.target == target], word)


def products_macro(products: dict[str, Product], target, word: str = "and") -> str:
    """car_t_products(): the products aimed at `target`, or a MacroCallError naming the known markers."""
    if word not in ("and", "or"):
        raise MacroCallError(f"car_t_products(): the second value is \"and\" or \"or\", not {word!r}")
    found = products_aimed_at(products, target, word) if isinstance(target, str) else ""
    if not found:
        known = ", ".join(sorted({p.target for p in products.values()}))
        raise MacroCallError(f"car_t_products({target!r}): no CAR T product in {FILE} aims at "
                             f"that marker (known: {known})")
    return found


# The section of a cancer page each kind of figure is drawn under (figures.Measure). Kinds not
# listed (side-effects, mood) belong on option pages only.
FIGURE_SECTIONS = {
    "car-t-result": "after-car-t",
    "relapse": "after-car-t",
    "survival": "outlook",
    "response": "treatment-results",
    "pain-relief": "treatment-results",
    "disease-control": "treatment-results",
}


class Cancers:
    def __init__(self, products: dict[str, Product], cancers: dict[str, Cancer], tree: Tree,
                 figures: Optional[dict[str, Figure]] = None):
        self.products, self.cancers, self.tree = products, cancers, tree
        self.figures: dict[str, Figure] = figures or {}
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
    code_errors = code_problems({c.id: c.codes for c in cancers.values()})
    if code_errors:
        raise DataErrors(code_errors)
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


def figure_problems(cancers: Cancers, figures: dict[str, Figure]) -> list[DataError]:
    """Each cancer's figures exist, measure something its page has a section for, and share one
    denominator rule (figures.denominator_problems)."""
    errors = []
    for c in cancers.cancers.values():
        found = []
        for i, fid in enumerate(c.figures):
            f = figures.get(fid)
            if f is None:
                errors.append(DataError(FILE, f"figure '{fid}' is not in figures.yml", entry=c.id, field=f"figures[{i}]"))
            elif f.measures not in FIGURE_SECTIONS:
                errors.append(DataError(FILE, f"figure '{fid}' measures {f.measures}, which a cancer page has no section "
                                        f"for (it can show: {', '.join(FIGURE_SECTIONS)})", entry=c.id, field=f"figures[{i}]"))
            else:
                found.append(f)
        errors += [DataError(FILE, p, entry=c.id, field="figures") for p in denominator_problems(found, "on the cancer page")]
    return errors


def figures_for(cancers: Cancers, cancer: Cancer, section: str) -> list[str]:
    """The ids of the cancer's figures drawn under `section` (FIGURE_SECTIONS), in data order."""
    return [fid for fid in cancer.figures
            if fid in cancers.figures and FIGURE_SECTIONS.get(cancers.figures[fid].measures) == section]


def point_id_problems(c: Cancer) -> list[DataError]:
    """A point's id is the id of its section on the cancer's page: not the id of another section
    of that page, of another point, or one the site writes itself."""
    errors, seen = [], {}
    for i, p in enumerate(c.points):
        owner = None
        if p.id == c.id:
            owner = "the page's title (its H1 has the cancer's id)"
        elif p.id in SECTION_IDS:
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
                       guide_href: str, words) -> str:
    """A cancer page from its H1 (the cancer's full name) on: key points, products, what happens after CAR T,
    the outlook, the options and guide results that apply, points, actions, urgent help, questions."""
    tree, w = cancers.tree, words
    # The H1's id is the page's file name (EDITING.md, "Page shape"): docs/cancers/<cancer id>.md.
    out = [f"# {w.md('cancer_page.title', name=md_text(cancer.name))} {{ #{cancer.id} }}", "",
           f'!!! abstract "{w("cancer_page.key_points")}"']
    out += [f"    - {render_claims([k], cite)}" for k in cancer.key_points]
    out.append("")
    out.append(f"## {md_text(w('cancer_page.products_heading'))} {{ #car-t-products }}\n")
    out.append(md_text(w("cancer_page.products_intro")) + "\n")
    for a in cancer.products:
        p = cancers.products[a.product]
        out.append("- " + w.md("cancer_page.product", brand=f"**{md_text(p.brand)}**", generic=md_text(p.generic),
                               short=md_text(p.short), target=md_text(p.target)) + f" {render_claims(a.approval, cite)}")
    out.append("")
    brands = join_words([cancers.products[a.product].brand for a in cancer.products], w("warning_signs.or"))
    out.append(f"## {w.md('cancer_page.after_heading', brands=md_text(brands))} {{ #after-car-t }}\n")
    out.append(render_claims(cancer.after_car_t, cite) + "\n")
    out += [figure(fid) for fid in figures_for(cancers, cancer, "after-car-t")]
    out.append(f"## {md_text(w('cancer_page.outlook_heading'))} {{ #outlook }}\n")
    out.append(md_text(w("cancer_page.outlook_intro")) + "\n")
    out.append(render_claims(cancer.outlook, cite) + "\n")
    out += [figure(fid) for fid in figures_for(cancers, cancer, "outlook")]
    results = figures_for(cancers, cancer, "treatment-results")
    if results:
        out.append(f"## {md_text(w('cancer_page.results_heading'))} {{ #treatment-results }}\n")
        out.append(md_text(w("cancer_page.results_intro")) + "\n")
        out += [figure(fid) for fid in results]
    out.append(f"## {md_text(w('cancer_page.options_heading'))} {{ #options }}\n")
    out.append(md_text(w("cancer_page.options_intro")) + "\n")
    for oid in cancers.option_ids(cancer):
        o = tree.options[oid]
        summary = cancer.option_summaries.get(oid, o.summary)
        out.append(f"- [{md_text(o.name)}]({page_href(o.page)}): {render_claims(summary, cite)}")
    out.append("")
    out.append(f"## {md_text(w('cancer_page.guide_heading'))} {{ #guide-results }}\n")
    out.append(w("cancer_page.guide_intro", guide=f"{guide_href}#{cancer.guide_step}") + "\n")
    for n in cancers.outcomes(cancer):
        out.append(f"- [{md_text(n.title)}]({guide_href}#{n.id})")
    out.append("")
    for p in cancer.points:
        out.append(f"## {md_text(p.title)} {{ #{p.id} }}\n")
        out.append(render_claims(p.text, cite) + "\n")
    out.append(f"## {md_text(w('cancer_page.do_now_heading'))} {{ #what-you-can-do-now }}\n")
    out += [f"1. {md_text(a)}" for a in cancer.actions]
    out.append("")
    out.append(f"## {md_text(w('cancer_page.help_heading'))} {{ #get-help }}\n")
    out.append(warning_signs() + "\n")
    out.append(f"## {md_text(w('cancer_page.questions_heading'))} {{ #questions }}\n")
    out += [f"- [ ] {md_text(q)}" for q in cancer.questions]
    return "\n".join(out) + "\n"


def render_outlook_table(cancers: Cancers, cite, page_href, words) -> str:
    """What is known without more cancer treatment, one row per cancer (comfort page)."""
    out = [words("cancer_page.outlook_table_head"), "| --- | --- |"]
    for c in cancers.cancers.values():
        out.append(f"| [{md_text(c.name)}]({page_href(c.page)}#outlook) | {render_claims(c.outlook, cite)} |")
    return "\n".join(out) + "\n"


def brand_list(cancers: Cancers, c, words) -> str:
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
    groups = ([", ".join(whole)] if whole else []) + [words("cancer_page.only", who=who, brands=", ".join(b))
                                                      for who, b in parts.items()]
    return "; ".join(groups)


def render_cancer_list(cancers: Cancers, page_href, words) -> str:
    out = []
    for c in cancers.cancers.values():
        out.append(f"- [{md_text(c.name)}]({page_href(c.page)}). {md_text(words('cancer_page.list_car_t'))} "
                   f"{md_text(brand_list(cancers, c, words))}")
    return "\n".join(out) + "\n"
