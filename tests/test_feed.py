"""The partner feed (issue 18): feed/v1/pages.json lists every page with its title, description,
key points, cancer and review dates, and validates against the JSON Schema published beside it."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema

from macros import feed, icd10


def published_pages(site: Path, site_url: str) -> set[str]:
    """The full address of every page of a built site (not redirect stubs, not the 404 page)."""
    out = set()
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "feed/")) or 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue
        out.add(site_url + rel[: -len("index.html")])
    return out


def feed_problems(site: Path, document: dict, schema: dict) -> list[str]:
    problems = [f"schema: {e.message} at {list(e.absolute_path)}"
                for e in jsonschema.Draft202012Validator(schema).iter_errors(document)]
    listed = {p.get("address") for p in document.get("pages", []) if isinstance(p, dict)}
    problems += [f"missing: {a}" for a in sorted(published_pages(site, document.get("site_address", "")) - listed)]
    problems += [f"not a page: {a}" for a in sorted(listed - published_pages(site, document.get("site_address", "")))]
    return problems


def load(site_dir: Path, document: str = feed.PAGES, schema: str = feed.SCHEMA) -> tuple[dict, dict]:
    """A built feed file and its schema (pages.json by default; codes.json with its own)."""
    return (json.loads((site_dir / document).read_text(encoding="utf-8")),
            json.loads((site_dir / schema).read_text(encoding="utf-8")))


def test_the_feed_lists_every_page_and_fits_its_schema(site_dir):
    document, schema = load(site_dir)
    assert schema == json.loads(feed.schema_json())
    assert document["version"] == feed.VERSION
    assert feed_problems(site_dir, document, schema) == []


def test_the_feed_carries_what_a_portal_needs(site_dir):
    document, _ = load(site_dir)
    by_address = {p["address"]: p for p in document["pages"]}
    myeloma = by_address[document["site_address"] + "cancers/multiple-myeloma/"]
    assert myeloma["cancer"] == "multiple-myeloma" and myeloma["cancer_name"]
    assert 3 <= len(myeloma["key_points"]) <= 5
    assert myeloma["last_reviewed"] and myeloma["next_review"] and myeloma["language"] == "en"
    # Key points are the reader's words only: no explanation pop-up or citation number in them.
    text = " ".join(k for p in document["pages"] for k in p["key_points"])
    assert "More in the glossary" not in text and "[1]" not in text
    assert sum(1 for p in document["pages"] if p["cancer"] and p["kind"] == "page") == 7
    assert all(p["cancer"] for p in document["pages"] if p["kind"] == "result")
    assert any(p["kind"] == "handout" for p in document["pages"])


def test_the_feed_checks_can_fail(site_dir):
    document, schema = load(site_dir)
    broken = copy.deepcopy(document)
    dropped = broken["pages"].pop(0)["address"]
    broken["pages"][0]["key_points"] = "not a list"
    problems = feed_problems(site_dir, broken, schema)
    assert f"missing: {dropped}" in problems
    assert any(p.startswith("schema:") for p in problems)


def test_key_points_leave_out_pop_ups_and_citations():
    html = ('<div class="admonition abstract"><ul><li>A <span class="term"><a>CAR T</a><span class="term__tip">'
            'Tip text. More in the glossary</span></span> can help.<sup>[2]</sup></li><li>Second.</li></ul></div>'
            '<div class="admonition abstract"><ul><li>Not this one.</li></ul></div>')
    assert feed.key_points(html) == ["A CAR T can help.", "Second."]
    assert feed.key_points("<p>No box</p>") == []


# ---------------------------------------------------------------- lookup by diagnosis code

def code_problems(site: Path, codes_doc: dict, codes_schema: dict, pages_doc: dict) -> list[str]:
    """feed/v1/codes.json fits its schema; each code leads to a cancer page of the site whose
    entry in pages.json lists that code, and each cancer page's codes in pages.json are listed."""
    problems = [f"schema: {e.message} at {list(e.absolute_path)}"
                for e in jsonschema.Draft202012Validator(codes_schema).iter_errors(codes_doc)]
    pages = published_pages(site, pages_doc.get("site_address", ""))
    by_address = {p["address"]: p for p in pages_doc.get("pages", [])}
    listed: dict[str, set[str]] = {}
    for entry in codes_doc.get("codes", []):
        for page in entry.get("pages", []) if isinstance(entry, dict) else []:
            address = page.get("address")
            if address not in pages:
                problems.append(f"{entry.get('code')}: {address} is not a page of the site")
            elif entry.get("code") not in by_address.get(address, {}).get("codes", []):
                problems.append(f"{entry.get('code')}: {address} does not list it in pages.json")
            listed.setdefault(address, set()).add(entry.get("code"))
    for address, page in by_address.items():
        for c in set(page.get("codes", [])) - listed.get(address, set()):
            problems.append(f"{c}: listed for {address} in pages.json but not in codes.json")
    return problems


def test_every_code_leads_to_its_cancer_page(site_dir):
    codes_doc, codes_schema = load(site_dir, feed.CODES, feed.CODES_SCHEMA)
    pages_doc, _ = load(site_dir)
    assert codes_schema == json.loads(icd10.codes_schema_json(feed.VERSION))
    assert codes_doc["version"] == feed.VERSION and codes_doc["code_system"] == "ICD-10-CM"
    assert codes_doc["source_address"].startswith("https://www.cdc.gov/")
    assert code_problems(site_dir, codes_doc, codes_schema, pages_doc) == []
    by_code = {e["code"]: e for e in codes_doc["codes"]}
    assert [p["address"] for p in by_code["C90.0"]["pages"]] == [pages_doc["site_address"] + "cancers/multiple-myeloma/"]
    assert len(by_code["C91.0"]["pages"]) == 2
    # Every cancer page has codes; no other page has any.
    with_codes = {p["address"] for p in pages_doc["pages"] if p["codes"]}
    assert with_codes == {p["address"] for p in pages_doc["pages"] if p["cancer"] and p["kind"] == "page"}


def test_the_code_checks_can_fail(site_dir):
    codes_doc, codes_schema = load(site_dir, feed.CODES, feed.CODES_SCHEMA)
    pages_doc, _ = load(site_dir)
    broken = copy.deepcopy(codes_doc)
    broken["codes"][0]["pages"][0]["address"] += "gone/"
    dropped = broken["codes"].pop()
    broken["codes"][1]["title"] = None
    problems = code_problems(site_dir, broken, codes_schema, pages_doc)
    assert any(p.endswith("is not a page of the site") for p in problems)
    assert any(p.startswith(f"{dropped['code']}: listed for") for p in problems)
    assert any(p.startswith("schema:") for p in problems)
    pages_broken = copy.deepcopy(pages_doc)
    next(p for p in pages_broken["pages"] if "C90.0" in p["codes"])["codes"] = []
    assert "C90.0: " + codes_doc["codes"][[e["code"] for e in codes_doc["codes"]].index("C90.0")]["pages"][0]["address"] \
        + " does not list it in pages.json" in code_problems(site_dir, codes_doc, codes_schema, pages_broken)


def connect_problems(site: Path, codes_doc: dict) -> list[str]:
    """Every listed code and every code it covers has its connect/icd10/<code>/ address in the
    built site, leading (by its canonical link, as a browser without JavaScript follows its
    refresh) to the code's one page, or for a code of two pages to its line on the list of cancers."""
    from urllib.parse import urljoin
    problems = []
    for entry in codes_doc["codes"]:
        pages = [p["address"] for p in entry["pages"]]
        site_address = entry["connect"][: -len(icd10.connect_url(entry["code"]))]
        want = pages[0] if len(pages) == 1 else site_address + "cancers/#" + icd10.choice_id(entry["code"])
        for code in [entry["code"], *entry["covers"]]:
            stub = site / icd10.connect_url(code) / "index.html"
            if not stub.is_file():
                problems.append(f"{code}: no page at {icd10.connect_url(code)}")
                continue
            text = stub.read_text(encoding="utf-8")
            target = re.search(r'<link rel="canonical" href="([^"]*)">', text)
            refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]*)"', text)
            got = {urljoin(site_address + icd10.connect_url(code), m.group(1)) for m in (target, refresh) if m}
            if got != {want}:
                problems.append(f"{code}: leads to {sorted(got)}, not {want}")
    return problems


def test_every_code_address_opens_its_page(site_dir):
    codes_doc, _ = load(site_dir, feed.CODES, feed.CODES_SCHEMA)
    assert connect_problems(site_dir, codes_doc) == []
    assert sum(1 + len(e["covers"]) for e in codes_doc["codes"]) >= 150
    # An unknown code reaches the not-found page, which explains the lookup and links the list.
    not_found = (site_dir / "404.html").read_text(encoding="utf-8")
    assert "connect/icd10/" in not_found and "for-cancer-centers/#codes" in not_found


def test_the_code_address_check_can_fail(site_dir, tmp_path):
    codes_doc, _ = load(site_dir, feed.CODES, feed.CODES_SCHEMA)
    broken = copy.deepcopy(codes_doc)
    myeloma = next(e for e in broken["codes"] if e["code"] == "C90.0")
    myeloma["covers"].append("C90.09")  # an address the site does not have
    shared = next(e for e in broken["codes"] if e["code"] == "C91.0")
    shared["pages"] = shared["pages"][:1]  # would have to open one page, but opens the list
    problems = connect_problems(site_dir, broken)
    assert "C90.09: no page at connect/icd10/C90.09/" in problems
    assert any(p.startswith("C91.00: leads to") for p in problems)
