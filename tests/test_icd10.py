"""Lookup by diagnosis code (issue 18, macros/icd10.py): the ICD-10-CM codes in cancers.yml, the
checks that stop a wrong list, the lookup a portal makes and the published codes.json."""
from __future__ import annotations

import json

import jsonschema
import pytest
from pydantic import ValidationError

from conftest import ROOT, WORDS
from macros import icd10
from macros.cancers import CancersFile
from macros.errors import DataError
from macros.icd10 import Icd10Code, code_problems, lookup, normalize
from macros.loading import read_yaml, validate

SRC = "cdc-icd10cm-2026"


def code(c, title="A title", pages=()):
    return Icd10Code(code=c, title=title, source=SRC, pages=list(pages))


@pytest.fixture(scope="module")
def real_codes():
    data = CancersFile.model_validate(read_yaml(ROOT / "cancers.yml"))
    return {c.id: c.codes for c in data.cancers}


def test_every_cancer_page_has_codes_and_the_real_list_has_no_problem(real_codes):
    assert all(real_codes.values()), [cid for cid, codes in real_codes.items() if not codes]
    assert code_problems(real_codes) == []
    assert all(c.source == SRC for codes in real_codes.values() for c in codes)


def test_codes_that_span_two_pages_are_the_ones_the_issue_names(real_codes):
    shared = {code: pages for code, (_, pages) in icd10.index(real_codes).items() if len(pages) > 1}
    assert shared == {"C83.0": ["follicular-and-marginal-zone-lymphoma", "chronic-lymphocytic-leukemia"],
                      "C91.0": ["b-all-children-and-young-adults", "b-all-adults"]}


@pytest.mark.parametrize("sent, listed, pages", [
    ("C90.00", "C90.0", ["multiple-myeloma"]),
    ("c9000", "C90.0", ["multiple-myeloma"]),
    (" C83.30 ", "C83.3", ["large-b-cell-lymphoma"]),
    ("C83.3", "C83.3", ["large-b-cell-lymphoma"]),
    ("C82.9A", "C82", ["follicular-and-marginal-zone-lymphoma"]),
    ("C91.02", "C91.0", ["b-all-children-and-young-adults", "b-all-adults"]),
])
def test_a_portal_code_finds_the_listed_code_it_starts_with(real_codes, sent, listed, pages):
    found = lookup(real_codes, sent)
    assert found is not None and found[0].code == listed and found[1] == pages


@pytest.mark.parametrize("sent", ["C81.00", "C83", "C8", "", "Z85.72", "C83.5"])
def test_a_code_of_no_listed_cancer_finds_nothing(real_codes, sent):
    assert lookup(real_codes, sent) is None


def test_the_longest_listed_code_wins():
    codes = {"a": [code("C83")], "b": [code("C83.3")]}
    assert lookup(codes, "C83.30")[1] == ["b"] and lookup(codes, "C83.10")[1] == ["a"]
    assert normalize("c 8330") == "C83.30" and normalize("C83") == "C83"


@pytest.mark.parametrize("bad", ["c83.3", "C83.", "C8", "C83.30000", "C83 .3", "83.3", "C83-3"])
def test_a_code_of_the_wrong_shape_is_refused(bad):
    with pytest.raises(ValidationError):
        code(bad)
    data = read_yaml(ROOT / "cancers.yml")
    data["cancers"][0]["codes"][0]["code"] = bad
    with pytest.raises(DataError) as e:
        validate(CancersFile, data, "cancers.yml", "cancers")
    message = e.value.message
    assert "cancers.yml" in message and "large-b-cell-lymphoma" in message and "codes[0].code" in message, message
    assert "an ICD-10-CM code" in message or "keep it to 8 characters" in message, message


@pytest.mark.parametrize("codes, field, words", [
    ({"a": [code("C83.3"), code("C83.3")], "b": []}, "codes[1].code", "listed twice"),
    ({"a": [code("C83.3"), code("C83.30")], "b": []}, "codes[1].code", "overlap"),
    ({"a": [code("C83.3", pages=["a", "zz"])], "b": []}, "codes[0].pages", "'zz' is not a cancer"),
    ({"a": [code("C83.3", pages=["b", "c"])], "b": [code("C83.3", pages=["b", "c"])], "c": []}, "codes[0].pages",
     "must name this cancer"),
    ({"a": [code("C83.3", pages=["a"])], "b": []}, "codes[0].pages", "two pages"),
    # A code under two cancers without pages, or with pages naming a cancer that does not list it,
    # or with two different titles.
    ({"a": [code("C91.0")], "b": [code("C91.0")]}, "codes[0]", "written the same way under both"),
    ({"a": [code("C91.0", pages=["a", "b"])], "b": []}, "codes[0]", "written the same way under both"),
    ({"a": [code("C91.0", pages=["a", "b"])], "b": [code("C91.0", "Other", pages=["a", "b"])]}, "codes[0]",
     "same title"),
])
def test_a_wrong_code_list_names_the_cancer_and_the_field(codes, field, words):
    errors = code_problems(codes)
    assert errors, "the check found nothing"
    assert isinstance(errors[0], DataError)
    message = errors[0].message
    assert message.startswith("cancers.yml, entry '") and f"field '{field}'" in message and words in message, message


def test_codes_json_lists_every_code_with_its_pages_and_fits_its_schema(real_codes):
    address = {cid: f"https://example.org/cancers/{cid}/" for cid in real_codes}
    doc = json.loads(icd10.codes_json(real_codes, address, "1", "The release", "https://example.org/icd"))
    jsonschema.Draft202012Validator(json.loads(icd10.codes_schema_json("1"))).validate(doc)
    by_code = {e["code"]: e for e in doc["codes"]}
    assert set(by_code) == {c.code for codes in real_codes.values() for c in codes}
    assert [p["address"] for p in by_code["C91.0"]["pages"]] == [address["b-all-children-and-young-adults"],
                                                                  address["b-all-adults"]]
    assert by_code["C90.0"]["title"] == "Multiple myeloma"
    # The schema refuses a code without its pages (it can fail).
    del doc["codes"][0]["pages"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json.loads(icd10.codes_schema_json("1"))).validate(doc)


def test_the_centers_table_has_a_row_per_code_and_links_both_pages_of_a_shared_code(real_codes):
    names = {cid: cid.upper() for cid in real_codes}
    table = icd10.code_table(real_codes, names, {cid: f"../{cid}/" for cid in real_codes}, "| Code | Title | Page |")
    rows = [r for r in table.splitlines() if r.startswith("| `")]
    assert len(rows) == len(icd10.index(real_codes))
    shared = next(r for r in rows if r.startswith("| `C91.0`"))
    assert "(../b-all-children-and-young-adults/)" in shared and "(../b-all-adults/)" in shared
    assert "data-search-exclude" in table


def test_covered_codes_are_below_their_code_and_each_leads_to_one_place():
    good = Icd10Code(code="C90.0", title="T", source=SRC, covers=["C90.00", "C90.01"])
    assert code_problems({"a": [good]}) == []
    for covers, words in ((["C90.00", "C91.00"], "not below C90.0"), (["C90.00", "C90.00"], "listed twice"),
                          (["C90.0"], "not below C90.0")):
        errors = code_problems({"a": [Icd10Code(code="C90.0", title="T", source=SRC, covers=covers)]})
        assert errors and "field 'codes[0].covers[" in errors[0].message and words in errors[0].message, errors
    # A code covered under one cancer and listed by another would have two places to go.
    errors = code_problems({"a": [Icd10Code(code="C90.0", title="T", source=SRC, covers=["C90.00"])],
                            "b": [code("C90.00")]})
    assert any("each code leads to one place" in e.message for e in errors), errors
    # A shared code with different covers under its two cancers.
    errors = code_problems({"a": [Icd10Code(code="C91.0", title="T", source=SRC, covers=["C91.00"], pages=["a", "b"])],
                            "b": [Icd10Code(code="C91.0", title="T", source=SRC, covers=[], pages=["a", "b"])]})
    assert any("same title, source and covers" in e.message for e in errors), errors


def test_every_listed_and_covered_code_gets_an_address_to_its_page(real_codes):
    page_of = {cid: f"cancers/{cid}.md" for cid in real_codes}
    redirects = icd10.connect_redirects(real_codes, page_of)
    every = {each for codes in real_codes.values() for c in codes for each in [c.code, *c.covers]}
    assert set(redirects) == {f"connect/icd10/{c}.md" for c in every}
    assert redirects["connect/icd10/C90.00.md"] == "cancers/multiple-myeloma.md"
    assert redirects["connect/icd10/C83.390.md"] == "cancers/large-b-cell-lymphoma.md"
    assert redirects["connect/icd10/C91.01.md"] == "cancers/index.md#code-c91-0" == icd10.choice_target("C91.0")
    assert redirects["connect/icd10/C83.0A.md"] == "cancers/index.md#code-c83-0"
    assert icd10.connect_url("C90.00") == "connect/icd10/C90.00/"


def test_the_code_addresses_share_one_hosting_rule_that_allows_only_their_scripts():
    from macros import content_security_policy as csp
    from macros.hosting_headers import headers_for, nginx_snippet, rules
    stubs = {"help/": "location.replace(1)", "connect/icd10/C90.0/": "location.replace(2)",
             "connect/icd10/C90.00/": "location.replace(2)", "connect/icd10/C91.0/": "location.replace(3)"}
    made = rules(stubs, folders=("connect/icd10/",))
    paths = [r.path for r in made]
    assert paths == ["/*", "/connect/icd10/*", "/help/", "/help/index.html"]
    policy = dict(headers_for(made, "/connect/icd10/C90.00/", combine="last"))["Content-Security-Policy"]
    assert csp.script_hash("location.replace(2)") in policy and csp.script_hash("location.replace(3)") in policy
    assert csp.script_hash("location.replace(1)") not in policy and "default-src 'none'" in policy
    assert "location /connect/icd10/ {" in nginx_snippet(made)
    # Without the folder, each page has its own two rules (the check can tell them apart).
    assert len(rules(stubs)) == 1 + 2 * len(stubs)


def test_a_code_of_two_pages_gets_a_line_naming_both_at_its_own_id(real_codes):
    names = {cid: cid.upper() for cid in real_codes}
    out = icd10.code_choices(real_codes, names, {cid: f"{cid}.md" for cid in real_codes}, WORDS)
    lines = [line for line in out.split("\n") if line]
    assert len(lines) == 2, out  # C83.0 and C91.0; no line for a code of one page
    c91 = next(line for line in lines if 'id="code-c91-0"' in line)
    assert "(b-all-adults.md)" in c91 and "(b-all-children-and-young-adults.md)" in c91 and "`C91.0`" in c91
    assert "C90.0" not in out
