"""The weekly check of the published site (.github/workflows/live-site.yml): every entry of the
URL contract (urls.txt) opens on the live site, fetched over the internet: each page answers,
each anchor's id is on the page it ends on, each redirect leads on, each PDF answers; and the
partner feed (feed/v1/pages.json) answers and lists every page. The rules
are the contract test's own (scripts/url_contract.py problem()); only where the pages come from
differs. Never part of `make test`, which fetches nothing (its test runs this against the built
site served on this machine).

    python3 scripts/check_live.py https://after-car-t.github.io/after-car-t/   # exit 1 if one breaks

Uses the standard library only, so the workflow needs no install.
"""
from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
import url_contract as uc  # noqa: E402

Fetch = Callable[[str], tuple[int, bytes]]
AGENT = "after-car-t-live-check (+urls.txt)"


def http_get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    """(status, body) of `url`; HTTP redirects are followed, an error status is returned, not raised."""
    request = urllib.request.Request(url, headers={"User-Agent": AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        return 0, str(e).encode()


def live_site(base: str, entries: list[str], get: Fetch = http_get) -> tuple[uc.Site, list[str]]:
    """The part of the live site the entries need, read as url_contract reads a built folder:
    (the site, problems fetching it: a page that does not answer 200)."""
    base = base.rstrip("/") + "/"
    site, failures, seen = uc.Site(), [], set()
    todo = sorted({e.partition("#")[0] for e in entries})
    while todo:
        address = todo.pop(0)
        if address in seen:
            continue
        seen.add(address)
        url = base + ("" if address == uc.HOME else address)
        status, body = get(url)
        if status != 200:
            failures.append(f"{address}: {url} answered {status or body.decode(errors='replace')[:80]}")
            continue
        if not (address.endswith("/") or address == uc.HOME):
            site.files.add(address)
            continue
        html = body.decode("utf-8", errors="replace")
        if uc.is_stub(html):
            written = uc.stub_target(html)
            target = uc.join(address, written[len(base):] if written.startswith(base) else written)
            site.stubs[address] = target
            todo.append(target.partition("#")[0] or uc.HOME)
            continue
        site.pages[address] = {eid for _, eid, _ in uc.elements(html)}
    return site, failures


FEED = "feed/v1/pages.json"  # macros/feed.py PAGES (kept here so the workflow needs no install)
# Addresses that lead to a page rather than being one, so the feed does not list them: the short
# urgent-help address and the diagnosis-code addresses (macros/icd10.py CONNECT).
REDIRECTS = ("help/", "connect/icd10/")


def feed_problems(base: str, entries: list[str], get: Fetch = http_get) -> list[str]:
    """The partner feed answers, is the feed (version 1) and lists every page of the contract."""
    import json
    base = base.rstrip("/") + "/"
    status, body = get(base + FEED)
    if status != 200:
        return [f"{FEED}: answered {status or body.decode(errors='replace')[:80]}"]
    try:
        feed = json.loads(body)
        listed = {p["address"] for p in feed["pages"]}
        version = feed["version"]
    except (ValueError, KeyError, TypeError) as e:
        return [f"{FEED}: not the partner feed ({type(e).__name__}: {str(e)[:80]})"]
    problems = [] if version == "1" else [f"{FEED}: version {version!r}, not '1'"]
    pages = [e for e in entries if "#" not in e and e.endswith("/")]
    site_address = str(feed.get("site_address", base)).rstrip("/") + "/"
    problems += [f"{FEED}: does not list {e}" for e in pages
                 if (site_address + ("" if e == uc.HOME else e)) not in listed and not e.startswith(REDIRECTS)]
    return problems


def check(base: str, entries: list[str], get: Fetch = http_get) -> list[str]:
    site, failures = live_site(base, entries, get)
    unanswered = {f.split(":", 1)[0] for f in failures}
    return (failures + [p for p in uc.problems(site, entries) if p.partition("#")[0].split(":")[0] not in unanswered]
            + feed_problems(base, entries, get))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not argv[0].startswith(("https://", "http://")):
        print("usage: python3 scripts/check_live.py https://<the published site>/", file=sys.stderr)
        return 2
    entries = uc.read_contract(uc.CONTRACT.read_text(encoding="utf-8"))
    broken = check(argv[0], entries)
    print(f"{argv[0]}: {len(entries)} contract entries checked, {len(broken)} broken")
    for b in broken:
        print(f"  {b}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
