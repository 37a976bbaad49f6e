"""Which cancers a source studied (sources.yml `studied`), and the check that a claim about one
cancer which cites a study of another says so.

The rule, kept simple so an editor can predict it: a claim shown for a cancer (in its entry in
cancers.yml, in an option summary shown on its page, or in a guide result of that cancer in
decision-tree.yml) may cite a source when the source's `studied` holds that cancer, or `general`;
otherwise the claim's text must name one of the cancers the source did study, with one of the
words in NAMES (case does not matter). "In large B-cell lymphoma, glofitamab..." names the study's
cancer; "Glofitamab helped..." on the B-ALL page does not."""
from __future__ import annotations

import re
from typing import Iterable

from .errors import DataError

GENERAL = "general"  # not about one cancer: safety pages, NCI pages, guidelines for all CAR T
OTHER = "other"      # a study of a cancer this guide does not cover (e.g. lung cancer)

# Words that name each cancer (and, for B-ALL, which people: children or adults). Regular
# expressions, matched anywhere in the claim's text, ignoring case.
NAMES: dict[str, list[str]] = {
    "large-b-cell-lymphoma": [r"large B-cell", r"\bLBCL\b", r"\bDLBCL\b"],
    "follicular-and-marginal-zone-lymphoma": [r"follicular", r"marginal zone"],
    "mantle-cell-lymphoma": [r"mantle[ -]cell", r"\bMCL\b"],
    "chronic-lymphocytic-leukemia": [r"\bCLL\b", r"\bSLL\b", r"chronic lymphocytic"],
    "b-all-children-and-young-adults": [r"\bchild", r"young (adult|people)", r"\bkids?\b", r"pediatric",
                                        r"up to age 25"],
    "b-all-adults": [r"\badults?\b[^.]{0,30}\b(B-ALL|B-cell ALL|acute lymphoblastic|leukemia)",
                     r"\b(B-ALL|B-cell ALL|leukemia) in adults"],
    "multiple-myeloma": [r"myeloma"],
    OTHER: [r"lung cancer", r"other (kinds of )?cancers?", r"\bAML\b", r"acute myeloid", r"myeloid leukemia"],
}


def studied_value_problems(file: str, sources: dict, cancer_ids: Iterable[str]) -> list[DataError]:
    """Every `studied` value is a cancer id of cancers.yml, `general` or `other`; `general` stands alone."""
    allowed = set(cancer_ids) | {GENERAL, OTHER}
    errors = []
    for s in sources.values():
        for v in s.studied:
            if v not in allowed:
                errors.append(DataError(file, f"'{v}' is not a cancer id of cancers.yml, '{GENERAL}' or '{OTHER}' "
                                        f"(the cancers are: {', '.join(sorted(set(cancer_ids)))})", entry=s.id, field="studied"))
        if GENERAL in s.studied and len(s.studied) > 1:
            errors.append(DataError(file, f"'{GENERAL}' means the source is not about one cancer: give it alone",
                                    entry=s.id, field="studied"))
    return errors


def names_cancer(text: str, cancer_id: str) -> bool:
    return any(re.search(p, text, re.I) for p in NAMES.get(cancer_id, []))


def borrowed(text: str, sources: list[str], cancer_id: str, studied: dict[str, list[str]]) -> list[str]:
    """The cited sources that studied neither this cancer nor cancers in general, and whose
    cancer the text does not name."""
    out = []
    for sid in sources:
        st = studied.get(sid, [GENERAL])
        if GENERAL in st or cancer_id in st:
            continue
        if not any(names_cancer(text, c) for c in st):
            out.append(sid)
    return out


def claims_shown_for(cancers) -> Iterable[tuple[str, str, str, str, object]]:
    """(cancer id, file, entry, field, claim) for every claim shown as being about one cancer:
    its entry in cancers.yml, the options' general summaries on its page (where it gives no
    summary of its own), and its guide results' own claims. (The catalogue's general facts
    that a result shows where it gives none of its own are about an option across cancers and
    are not checked here.)"""
    from .cancers import FILE as CANCERS_FILE
    from .decision_tree import FILE as TREE_FILE
    tree = cancers.tree
    for c in cancers.cancers.values():
        for name, claims in c.claims().items():
            for i, cl in enumerate(claims):
                yield c.id, CANCERS_FILE, c.id, f"{name}[{i}]", cl
        for oid in cancers.option_ids(c):
            if oid not in c.option_summaries:
                for i, cl in enumerate(tree.options[oid].summary):
                    yield c.id, TREE_FILE, oid, f"summary[{i}] (shown on the {c.id} page)", cl
    for n in tree.outcomes():
        c = cancers.of_node(n.id)
        if c is None:
            continue
        for name, claims in n.claims().items():
            for i, cl in enumerate(claims):
                yield c.id, TREE_FILE, n.id, f"{name}[{i}]", cl


def borrowed_claim_problems(cancers, sources: dict) -> list[DataError]:
    """A claim about one cancer that cites a study of another without naming that cancer."""
    studied = {sid: list(s.studied) for sid, s in sources.items()}
    errors, seen = [], set()
    for cancer_id, file, entry, field, claim in claims_shown_for(cancers):
        for sid in borrowed(claim.text, claim.sources, cancer_id, studied):
            key = (file, entry, field, sid)
            if key in seen:
                continue
            seen.add(key)
            who = ", ".join(studied[sid])
            errors.append(DataError(file, f"cites '{sid}', a study of {who}, in a claim about {cancer_id} that "
                                    f"does not say so: name the study's cancer in the text (words: macros/studied.py "
                                    f"NAMES) or cite a study of {cancer_id}", entry=entry, field=field))
    return errors
