"""The partner feed (issue 18): feed/v1/pages.json lists every page with its title, description,
key points, cancer and review dates, and validates against the JSON Schema published beside it."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema

from macros import feed


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


def load(site_dir: Path) -> tuple[dict, dict]:
    return (json.loads((site_dir / feed.PAGES).read_text(encoding="utf-8")),
            json.loads((site_dir / feed.SCHEMA).read_text(encoding="utf-8")))


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
