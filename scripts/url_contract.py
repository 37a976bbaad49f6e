"""The URL contract: every address and anchor the site publishes for others to link to, kept in
urls.txt (one entry a line, sorted; see the file's header). An entry never leaves the file by
itself: `make urls` adds what a build newly publishes and prints what disappeared, and
tests/test_url_contract.py fails while an entry leads nowhere.

What is published (published()):
  page      every page (`living/health-and-safety/`, the home page `./`), not 404.html
  handout   a page under handouts/
  result    a guide result's own page, `find-your-situation/results/<node id>/` (macros/result_pages.py)
  pdf       a file under handouts/pdf/ (made by `make build`, i.e. scripts/build.py --pdfs)
  redirect  a page mkdocs-redirects writes for a short or old address (`help/`)
  heading   an id of a heading in the page's content (H1 to H6; not the guide's step titles)
  term      a glossary entry, `glossary/#term-<id>`
  guide     a step or result of the "Find your situation" guide, `find-your-situation/#<node id>`
  figure    a key number's figure, `<page>#figure-<id>`, on each page that shows it
  source    an entry of the full list of sources, `sources/#<id>`
Not listed: ids starting with '_' (a page's own machinery: explanation pop-ups, checklist and
question boxes, figure titles), a page's own Sources list and citations (`source-<id>`, which
follow what the page cites: link to `sources/#<id>`), the guide's step titles (`<node>-title`)
and the options inside a result (`<node>--<option>`): link to the step or result itself.

When an entry resolves (problems()):
  a page exists, or is a redirect stub whose chain ends on a page that exists;
  an anchor's id is on the page its address ends on (any element: keep the old id on the new
  place), or it is that page's H1 id (the last part of the address: the top of the page),
  and a redirect whose target has its own #fragment keeps no other anchor;
  a PDF (or any other file) exists: a file has no redirect.

Usage:
  python scripts/url_contract.py --site-dir site           # add new entries to urls.txt
  python scripts/url_contract.py --site-dir site --check   # only report; exit 1 if one breaks
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "urls.txt"
HEADER = """\
# After CAR T: the published addresses (the URL contract). Each line is an address relative to
# the site's address (site_url): a page, a page#anchor, a redirect or a file. `make urls` adds
# what the site newly publishes; nothing is ever removed by it. tests/test_url_contract.py fails
# while an entry leads nowhere: keep it working (a redirect under `redirects` in mkdocs.yml for
# a moved page, the old id on the new place for an anchor). Removing a line is a reviewed edit.
"""
HOME = "./"
PDF_DIR = "handouts/pdf/"
RESULTS_DIR = "find-your-situation/results/"
KINDS = ("page", "handout", "result", "pdf", "redirect", "heading", "term", "guide", "figure", "source")
_BASE = "https://site.invalid/"
_REFRESH = re.compile(r"""<meta\s+http-equiv=["']?refresh""", re.I)
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


# ------------------------------------------------------------------------------ reading a site

class _Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, str, tuple[str, ...]]] = []  # (tag, id, classes)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.elements.append((tag, a["id"], tuple((a.get("class") or "").split())))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(tag, id, classes) of every element with an id."""
    p = _Ids()
    p.feed(html)
    p.close()
    return p.elements


def is_stub(html: str) -> bool:
    return bool(_REFRESH.search(html))


def stub_target(html: str) -> str:
    m = _CANONICAL.search(html)
    if not m:
        raise ValueError('a redirect page without <link rel="canonical" href="...">')
    return m.group(1).replace("&amp;", "&")


def page_address(rel: str) -> str:
    """`x/y/index.html` -> `x/y/`; `index.html` -> `./`."""
    return rel[: -len("index.html")] or HOME if rel.endswith("index.html") else rel


def join(address: str, target: str) -> str:
    """The site address `target` (relative, as a page writes it) leads to from `address`."""
    base = _BASE + ("" if address == HOME else address)
    out = urljoin(base, target)
    if not out.startswith(_BASE):
        raise ValueError(f"{target!r} on {address!r} leads outside the site")
    return out[len(_BASE):] or HOME


def h1_id(address: str) -> str:
    """The id every page's H1 has (macros/pages.py h1_id, EDITING.md): the last part of the address."""
    return address.rstrip("/").rsplit("/", 1)[-1] if address != HOME else "home"


@dataclass
class Site:
    pages: dict[str, set[str]] = field(default_factory=dict)   # address -> every element id
    stubs: dict[str, str] = field(default_factory=dict)        # address -> target (site address)
    files: set[str] = field(default_factory=set)               # other published files (PDFs)
    published: dict[str, str] = field(default_factory=dict)    # contract entry -> kind


def page_entries(address: str, html: str) -> dict[str, str]:
    """The contract entries one page publishes: itself and its linkable anchors, with their kind."""
    out = {address: "handout" if address.startswith("handouts/") else
           "result" if address.startswith(RESULTS_DIR) else "page"}
    m = _ARTICLE.search(html)
    anchor = (lambda eid: f"{address}#{eid}")
    for tag, eid, classes in elements(m.group(0) if m else ""):
        if eid.startswith("_"):
            continue  # the page's own machinery (EDITING.md)
        if re.fullmatch(r"h[1-6]", tag) and "guide-title" not in classes:
            out[anchor(eid)] = "heading"
        elif tag == "dt" and eid.startswith("term-") and address == "glossary/":
            out[anchor(eid)] = "term"
        elif tag == "section" and "guide-node" in classes:
            out[anchor(eid)] = "guide"
        elif tag == "figure" and eid.startswith("figure-"):
            out[anchor(eid)] = "figure"
        elif tag == "li" and address == "sources/":
            out[anchor(eid)] = "source"
    return out


def read_site(site_dir: Path) -> Site:
    """Everything the built site publishes, and what resolving an entry needs."""
    site_dir = Path(site_dir)
    site = Site()
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("assets/") or rel == "404.html" or not rel.endswith("index.html"):
            continue
        html = path.read_text(encoding="utf-8")
        address = page_address(rel)
        if is_stub(html):
            site.stubs[address] = join(address, stub_target(html))
            site.published[address] = "redirect"
            continue
        site.pages[address] = {eid for _, eid, _ in elements(html)}
        site.published.update(page_entries(address, html))
    for path in sorted((site_dir / PDF_DIR).glob("*.pdf")):
        rel = path.relative_to(site_dir).as_posix()
        site.files.add(rel)
        site.published[rel] = "pdf"
    return site


# ------------------------------------------------------------------------------ resolving

def resolve(site: Site, address: str, hops: int = 10) -> tuple[str | None, str | None, str]:
    """(the page `address` ends on or None, the #fragment a redirect added or None, how)."""
    fragment, how = None, ""
    for _ in range(hops):
        if address in site.pages:
            return address, fragment, how
        if address not in site.stubs:
            return None, fragment, how + f"{address} does not exist"
        target = site.stubs[address]
        how += f"{address} redirects to {target}; "
        address, _, frag = target.partition("#")
        address = address or HOME
        fragment = frag or fragment
    return None, fragment, how + "too many redirects"


def problem(site: Site, entry: str) -> str | None:
    """Why `entry` leads nowhere in `site`, or None if it resolves."""
    if "#" not in entry and not entry.endswith("/"):
        return None if entry in site.files else f"{entry}: the file is gone (a file has no redirect)"
    address, _, anchor = entry.partition("#")
    page, fragment, how = resolve(site, address)
    if page is None:
        return f"{entry}: the page is gone ({how.rstrip('; ')})"
    if not anchor or anchor == h1_id(address) or anchor == h1_id(page):
        return None
    if fragment is not None:
        return None if anchor == fragment else (
            f"{entry}: {how}the redirect keeps its own #{fragment}, so #{anchor} is lost")
    if anchor not in site.pages[page]:
        return f"{entry}: no element on {page} has the id '{anchor}' ({how}keep the old id on the new place)"
    return None


def problems(site: Site, entries: list[str]) -> list[str]:
    return [p for p in (problem(site, e) for e in entries) if p]


# ------------------------------------------------------------------------------ the file

def read_contract(text: str) -> list[str]:
    """The entries of urls.txt (comment lines start with '# ', blank lines are ignored)."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def merge(contract: list[str], published: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(the new contract, sorted; the entries added; the entries no longer published). Nothing
    is ever removed: an entry that disappeared stays until someone deletes its line."""
    have = set(contract)
    added = sorted(set(published) - have)
    gone = sorted(have - set(published))
    return sorted(have | set(added)), added, gone


def write_contract(entries: list[str]) -> str:
    return HEADER + "".join(f"{e}\n" for e in entries)


def counts(kinds: dict[str, str], entries: list[str]) -> dict[str, int]:
    """How many entries of each kind (an entry the site no longer publishes counts as 'gone')."""
    out = {k: 0 for k in KINDS}
    for e in entries:
        k = kinds.get(e, "gone")
        out[k] = out.get(k, 0) + 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site-dir", default=str(ROOT / "site"))
    ap.add_argument("--file", default=str(CONTRACT))
    ap.add_argument("--check", action="store_true", help="only report; change nothing")
    args = ap.parse_args(argv)
    site_dir, path = Path(args.site_dir), Path(args.file)
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir}: no built site here (run `make build` first)", file=sys.stderr)
        return 2
    site = read_site(site_dir)
    old = read_contract(path.read_text(encoding="utf-8")) if path.exists() else []
    entries, added, gone = merge(old, list(site.published))
    broken = problems(site, entries)
    if not args.check and added:
        path.write_text(write_contract(entries), encoding="utf-8")
    print(f"{path.name}: {len(entries)} entries " + ", ".join(f"{n} {k}" for k, n in counts(site.published, entries).items() if n))
    print(f"{len(added)} newly published" + (" (added)" if added and not args.check else "") +
          "".join(f"\n  + {e}" for e in added[:50]) + ("\n  ..." if len(added) > 50 else ""))
    if gone:
        print(f"{len(gone)} no longer published (kept in {path.name}; delete a line only on purpose):")
        for e in gone:
            why = problem(site, e)
            print(f"  - {e}: " + ("still leads somewhere (redirect or kept id)" if why is None else "BROKEN"))
    if broken:
        print(f"{len(broken)} entries lead nowhere:\n" + "\n".join(f"  {b}" for b in broken), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
