"""The checks the built-site tests run, as plain functions, so the tests of the tests
(test_checks_reject_bad_pages.py) can prove each one rejects a bad page."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from bs4 import BeautifulSoup

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)['\"]")


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def is_external(url: str) -> bool:
    p = urlparse(url.strip())
    return bool(p.scheme in ("http", "https") or url.strip().startswith("//"))


def page_problems(html: str, *, content_page: bool = True) -> list[str]:
    """Structure and metadata of one page."""
    s = soup(html)
    problems = []
    h1 = s.find_all("h1")
    if len(h1) != 1:
        problems.append(f"has {len(h1)} <h1> elements; exactly one is needed")
    if not (s.html and s.html.get("lang")):
        problems.append("<html> has no lang attribute")
    desc = s.find("meta", attrs={"name": "description"})
    if not desc or not desc.get("content", "").strip():
        problems.append("has no meta description")
    if content_page:
        review = s.select_one(".page-review time[datetime]")
        if not review or not review.get_text(strip=True):
            problems.append("shows no last-reviewed date")
    return problems


def external_resources(html: str) -> list[str]:
    """Anything the page would load from another host: src, link href, CSS url()/@import,
    srcset, inline styles, and links outside the main content (outbound links inside the
    page's own content are ordinary references and allowed)."""
    s = soup(html)
    found = []
    for el in s.find_all(src=True):
        if is_external(el["src"]):
            found.append(f"<{el.name} src={el['src']}>")
    for el in s.find_all(srcset=True):
        for part in el["srcset"].split(","):
            if part.strip() and is_external(part.strip().split()[0]):
                found.append(f"<{el.name} srcset={part.strip()}>")
    for el in s.find_all("link", href=True):
        rel = " ".join(el.get("rel", []))
        if is_external(el["href"]) and rel != "canonical":
            found.append(f"<link rel={rel} href={el['href']}>")
    for el in s.find_all(["object", "embed", "iframe"]):
        found.append(f"<{el.name}>")
    for el in s.find_all("form", action=True):
        if is_external(el["action"]):
            found.append(f"<form action={el['action']}>")
    for style in s.find_all("style"):
        found += [f"CSS {u}" for u in css_external_urls(style.get_text())]
    for el in s.find_all(style=True):
        found += [f"inline style {u}" for u in css_external_urls(el["style"])]
    content = s.select_one("article.md-content__inner") or s.select_one(".md-content")
    for a in s.find_all("a", href=True):
        if is_external(a["href"]) and not (content and content in a.parents):
            # The footer's report-a-mistake link is a deliberate outbound link too.
            if not a.find_parent(class_="md-copyright"):
                found.append(f"<a href={a['href']}> outside the page content")
    return found


def css_external_urls(css: str) -> list[str]:
    urls = CSS_URL.findall(css) + CSS_IMPORT.findall(css)
    return [u for u in urls if is_external(u)]


def policy_problems(html: str, expected: str) -> list[str]:
    """The Content-Security-Policy is the first element after <meta charset> (nothing written
    before it can escape it), it is the expected one, and it is the page's only policy."""
    s = soup(html)
    first = s.head.find_all(True, recursive=False)[:2] if s.head else []
    problems = []
    if not first or first[0].name != "meta" or not first[0].has_attr("charset"):
        problems.append("<head> does not start with <meta charset>")
    if len(first) < 2 or str(first[1].get("http-equiv", "")).lower() != "content-security-policy":
        problems.append("the first element after <meta charset> is not the Content-Security-Policy")
    elif first[1].get("content") != expected:
        problems.append(f"the policy is {first[1].get('content')!r}, expected {expected!r}")
    metas = s.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    if len(metas) != 1:
        problems.append(f"has {len(metas)} Content-Security-Policy elements; exactly one is needed")
    return problems


def ids_in(html: str) -> set[str]:
    s = soup(html)
    return {el["id"] for el in s.find_all(id=True)} | {el["name"] for el in s.find_all("a", attrs={"name": True})}


def missing_anchors(site_dir: Path) -> list[str]:
    """Every internal link with a #fragment must point at an id on its target page."""
    site_dir = Path(site_dir)
    cache: dict[Path, set[str]] = {}
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for a in soup(html).find_all("a", href=True):
            href = a["href"]
            if is_external(href) or href.startswith(("mailto:", "tel:", "javascript:")) or "#" not in href:
                continue
            path, frag = href.split("#", 1)
            frag = unquote(frag)
            if not frag:
                continue
            if not path:
                target = page
            elif path.startswith("/"):
                target = (site_dir / unquote(path).lstrip("/")).resolve()
            else:
                target = (page.parent / unquote(path)).resolve()
            if target.is_dir() or path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(site_dir)}: link {href} -> missing page")
                continue
            if target not in cache:
                cache[target] = ids_in(target.read_text(encoding="utf-8"))
            if frag not in cache[target]:
                problems.append(f"{page.relative_to(site_dir)}: link {href} -> no id '{frag}' on {target.relative_to(site_dir)}")
    return problems


def html_pages(site_dir: Path) -> list[Path]:
    """All pages of the built site (not the search index, not assets, not the redirect stubs of
    mkdocs-redirects: test_content_security_policy.py checks those)."""
    site_dir = Path(site_dir)
    return sorted(p for p in site_dir.rglob("*.html") if "assets" not in p.relative_to(site_dir).parts
                  and not is_redirect_stub(p.read_text(encoding="utf-8")))


def is_redirect_stub(html: str) -> bool:
    """A page that only sends the browser on to another address (mkdocs-redirects)."""
    return bool(re.search(r"""<meta\s+http-equiv=["']?refresh""", html, re.I))


def nav_page_count(site_dir: Path) -> int:
    """How many pages the site's navigation lists (links in the primary nav of the home page)."""
    s = soup((Path(site_dir) / "index.html").read_text(encoding="utf-8"))
    nav = s.select_one("nav.md-nav--primary")
    hrefs = {a["href"].split("#")[0] for a in nav.select("a.md-nav__link[href]")}
    return len(hrefs)


# ---------------------------------------------------------------- browser checks (Playwright page)

def axe_violations(page) -> list[str]:
    """Run axe-core (bundled by axe-playwright-python) with the WCAG 2.2 AA + best-practice tags.
    Every rule runs; resultTypes only spares axe describing every node that passed (or did not
    apply) when only violations are read: each violation still lists all its nodes. Without it
    axe took about 2.8 times as long per page (97 s against 35 s on 16 pages, interleaved)."""
    from axe_playwright_python.sync_playwright import Axe
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                      "resultTypes": ["violations"]})
    out = []
    for v in result.response["violations"]:
        targets = [", ".join(map(str, n["target"])) for n in v["nodes"][:3]]
        out.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return out


def sideways_scroll(page) -> str | None:
    """None if the page fits its viewport width; else what overflows. Hiding the overflow on
    <html> or <body> does not count as fitting."""
    info = page.evaluate("""() => {
        const d = document.documentElement, b = document.body;
        const cs = e => getComputedStyle(e).overflowX;
        let widest = null, w = d.clientWidth;
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 && getComputedStyle(el).position !== 'fixed') {
                let clipped = false;
                for (let p = el.parentElement; p && p !== b && p !== d; p = p.parentElement) {
                    const o = getComputedStyle(p).overflowX;
                    if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') { clipped = true; break; }
                }
                if (!clipped && (!widest || r.right > widest.right)) widest = {tag: el.tagName, cls: el.className && el.className.baseVal === undefined ? el.className : '', right: r.right};
            }
        }
        return {scroll: d.scrollWidth, client: w, html: cs(d), body: cs(b), widest};
    }""")
    if info["html"] in ("hidden", "clip") or info["body"] in ("hidden", "clip"):
        return f"overflow-x is {info['html']}/{info['body']} on html/body, which hides content instead of reflowing it"
    if info["scroll"] > info["client"] + 1:
        return f"page is {info['scroll']}px wide in a {info['client']}px viewport; widest: {info['widest']}"
    if info["widest"]:
        return f"element sticks out of the {info['client']}px viewport: {info['widest']}"
    return None


class ViolationLog:
    """Records every Content-Security-Policy violation (the browser's securitypolicyviolation
    event) in a Playwright page, across navigations. Create it before page.goto()."""

    def __init__(self, page):
        self.violations: list[str] = []
        self.page = page
        page.expose_function("__recordCspViolation", lambda text: self.violations.append(text))
        page.add_init_script("""document.addEventListener("securitypolicyviolation", function (e) {
            window.__recordCspViolation(e.effectiveDirective + " blocked " + (e.blockedURI || "?") +
                " in " + (e.sourceFile || document.URL) + ":" + e.lineNumber);
        }, true);""")

    def read(self) -> list[str]:
        self.page.evaluate("0")  # a round trip, so events sent before it have arrived
        return list(self.violations)


class RequestLog:
    """Records every request a page makes to a host other than the local server, and console errors."""

    def __init__(self, page, local_host: str):
        self.external: list[str] = []
        self.errors: list[str] = []
        self.local_host = local_host
        page.on("request", self._request)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, req):
        p = urlparse(req.url)
        if p.scheme in ("data", "blob", "about"):
            return
        if p.netloc != self.local_host:
            self.external.append(req.url)


def term_tip_works_by_keyboard(page):
    """The first explained word of the article: hidden explanation, shown on keyboard focus,
    hidden again by Escape. Returns the term and its explanation (locators) for more checks."""
    term = page.locator("article .term").first
    tip = term.locator(".term__tip")
    assert tip.is_hidden()
    term.locator(".term__word").focus()
    assert tip.is_visible(), "keyboard focus shows the explanation"
    page.keyboard.press("Escape")
    assert tip.is_hidden(), "Escape hides it"
    return term, tip
