"""`make bench`: our site side by side with a plain Material build of the same pages, in one run.

    python scripts/bench.py [--runs 5] [--lighthouse-runs 3] [--no-browser] [--no-lighthouse]
                            [--no-pdfs] [--glossary-sizes 100x20,800x20,800x100] [--output BENCHMARKS.md]

1. Renders our pages' macro output to Markdown (scripts/bench_markdown.py) and makes a plain
   Material project of them (default theme, search only, same nav and Markdown extensions).
2. Builds ours (`mkdocs build --strict`) and the reference (`mkdocs build`) interleaved, --runs
   times each: CPU of the child (getrusage RUSAGE_CHILDREN deltas) and wall time, medians, ratio.
   Our own modules (macros/, plugin/) are byte-compiled first (`compileall`), as pip compiled
   the reference's packages when it installed them: where PYTHONDONTWRITEBYTECODE is set (this
   machine sets it) every build would otherwise compile them again (about 0.1 s of CPU).
   Then one `scripts/build.py --pdfs` (CPU and wall).
3. Serves both sites on 127.0.0.1 with gzip (level 6) for text when the browser asks, and loads
   each measured page in Chromium (Playwright, a new context per load = cold cache): first view,
   then a repeat view in the same context; requests and compressed body bytes by type (counted by
   the server), DOM elements, the search index raw and compressed, the page's HTML alone.
   Caching as served: fingerprinted files (name.<hex>.min.js/css) `max-age=31536000, immutable`;
   HTML `no-cache` without validators (fetched again on a repeat view); every other file `no-cache`
   with an ETag (a repeat view revalidates it: one request, 304, no body).
4. Lighthouse 12.2.3 mobile (installed into .bench/ by npm) on two pages of each site, median of
   --lighthouse-runs, interleaved.
5. The glossary scaling series (scripts/benchmark_glossary.py, reduced) and a cProfile of one
   in-process `mkdocs build` (top 15 by cumulative time; time in macros/page_html.py, PyYAML and
   html.parser).
6. Bytes of our built site that no page requests (source maps, lunr files no load fetched).
Writes everything with the date and the machine to BENCHMARKS.md. Timings depend on the machine
and its load: the ratios from interleaved runs are the robust figures; byte counts are exact.
"""
from __future__ import annotations

import argparse
import ast
import cProfile
import datetime as dt
import gzip
import json
import mimetypes
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
# The exact version is kept in scripts/bench-tools/package.json (so update proposals reach it).
LIGHTHOUSE_VERSION = json.loads((Path(__file__).resolve().parent / "bench-tools" / "package.json")
                                .read_text(encoding="utf-8"))["devDependencies"]["lighthouse"]
CHROMIUM = "/usr/bin/chromium"
PAGES = ["", "options/", "living/health-and-safety/", "find-your-situation/", "cancers/multiple-myeloma/"]
LIGHTHOUSE_PAGES = ["", "find-your-situation/"]
GUIDE_PAGE = "find-your-situation/"
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml",
              "application/manifest+json")
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(js|css)$")


def compressible(name: str) -> bool:
    """Whether the bench serves a file of this name compressed (a text type)."""
    return (mimetypes.guess_type(name)[0] or "").startswith(TEXT_TYPES)


def gzipped(data: bytes) -> bytes:
    """A file's body as the bench serves it compressed: gzip level 6, no time stamp."""
    return gzip.compress(data, compresslevel=6, mtime=0)
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
SITES = ("ours", "plain")


def log(msg: str) -> None:
    print(msg, flush=True)


def chromium_args() -> list[str]:
    """CHROMIUM_ARGS from tests/conftest.py, read without importing it."""
    tree = ast.parse((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "CHROMIUM_ARGS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit("tests/conftest.py has no CHROMIUM_ARGS")


# ---------------------------------------------------------------- builds

def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """CPU seconds (user + system of the child and its children) and wall seconds of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{r.stderr[-3000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def build_cmds(work: Path) -> dict[str, tuple[list[str], Path]]:
    py = sys.executable
    return {
        "ours": ([py, "-m", "mkdocs", "build", "--strict", "--quiet", "--clean", "-f", str(ROOT / "mkdocs.yml"),
                  "-d", str(work / "site-ours")], ROOT),
        "plain": ([py, "-m", "mkdocs", "build", "--strict", "--quiet", "--clean", "-f", str(work / "ref" / "mkdocs.yml"),
                   "-d", str(work / "site-plain")], work / "ref"),
    }


def byte_compile_ours() -> None:
    """macros/ and plugin/ compiled to __pycache__ (not in git), as an installed package is."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "macros"), str(ROOT / "plugin")],
                   env=ENV, cwd=ROOT, check=True, capture_output=True)


def bench_builds(work: Path, runs: int) -> dict:
    cmds = build_cmds(work)
    byte_compile_ours()
    times: dict[str, list[tuple[float, float]]] = {s: [] for s in SITES}
    for i in range(runs):
        order = SITES if i % 2 == 0 else SITES[::-1]  # interleaved, alternating who goes first
        for s in order:
            cpu, wall = timed(*cmds[s])
            times[s].append((cpu, wall))
            log(f"  build {i + 1}/{runs} {s:5}: CPU {cpu:5.2f} s, wall {wall:5.2f} s")
    out = {s: {"cpu": [c for c, _ in times[s]], "wall": [w for _, w in times[s]]} for s in SITES}
    for s in SITES:
        out[s]["cpu_median"] = statistics.median(out[s]["cpu"])
        out[s]["wall_median"] = statistics.median(out[s]["wall"])
    # Ratio of each interleaved pair, then the median: robust to the machine's load drifting.
    out["cpu_ratio_pairs"] = [o / p for o, p in zip(out["ours"]["cpu"], out["plain"]["cpu"])]
    out["wall_ratio_pairs"] = [o / p for o, p in zip(out["ours"]["wall"], out["plain"]["wall"])]
    out["cpu_ratio"] = statistics.median(out["cpu_ratio_pairs"])
    out["wall_ratio"] = statistics.median(out["wall_ratio_pairs"])
    # The runs above reuse the drawn preview pictures and QR codes (macros/build_cache.py), as a
    # repeat build or a live reload does; one more build draws everything (a first build).
    cpu, wall = timed(*cmds["ours"], env=dict(ENV, AFTER_CAR_T_NO_CACHE="1"))
    out["ours_cold"] = {"cpu": cpu, "wall": wall}
    log(f"  build ours with nothing cached: CPU {cpu:5.2f} s, wall {wall:5.2f} s")
    return out


def bench_pdfs(work: Path) -> dict:
    site = work / "site-pdfs"
    cpu, wall = timed([sys.executable, str(ROOT / "scripts" / "build.py"), "--pdfs", "--site-dir", str(site)], ROOT)
    pdfs = sorted(site.rglob("*.pdf"))
    out = {"cpu": cpu, "wall": wall, "pdfs": len(pdfs), "pdf_bytes": sum(p.stat().st_size for p in pdfs)}
    shutil.rmtree(site, ignore_errors=True)
    return out


# ---------------------------------------------------------------- serving

class Site:
    """One built site served on 127.0.0.1 with gzip; records every request it answers."""

    def __init__(self, root: Path):
        self.root = root
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.in_flight = 0
        self.last = time.monotonic()
        self._gz: dict[Path, bytes] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                with site.lock:
                    site.in_flight += 1
                    site.last = time.monotonic()
                try:
                    site.answer(self)
                finally:
                    with site.lock:
                        site.in_flight -= 1
                        site.last = time.monotonic()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def gzipped(self, path: Path, data: bytes) -> bytes:
        if path not in self._gz:
            self._gz[path] = gzipped(data)
        return self._gz[path]

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(h.path).path)
        fs = (self.root / url_path.lstrip("/")).resolve()
        if self.root not in fs.parents and fs != self.root:
            fs = self.root / "__missing__"
        if fs.is_dir():
            if not url_path.endswith("/"):
                h.send_response(301)
                h.send_header("Location", url_path + "/")
                h.send_header("Content-Length", "0")
                self.record(url_path, 301, 0, "redirect")  # recorded before the client can read it
                h.end_headers()
                return
            fs = fs / "index.html"
        status = 200
        if not fs.is_file():
            status, fs = 404, self.root / "404.html"
        data = fs.read_bytes() if fs.is_file() else b"not found"
        ctype = mimetypes.guess_type(fs.name)[0] or "application/octet-stream"
        is_html = ctype == "text/html"
        etag = f'"{fs.stat().st_mtime_ns:x}-{len(data):x}"' if fs.is_file() else '"0"'
        if FINGERPRINTED.search(fs.name):
            cache = "public, max-age=31536000, immutable"
        else:
            cache = "no-cache"
        if not is_html and status == 200 and h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Cache-Control", cache)
            self.record(url_path, 304, 0, ctype)
            h.end_headers()
            return
        gz = compressible(fs.name) and "gzip" in (h.headers.get("Accept-Encoding") or "")
        body = self.gzipped(fs, data) if gz else data
        h.send_response(status)
        h.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        h.send_header("Content-Length", str(len(body)))
        h.send_header("Cache-Control", cache)
        h.send_header("Vary", "Accept-Encoding")
        if not is_html:
            h.send_header("ETag", etag)
        if gz:
            h.send_header("Content-Encoding", "gzip")
        self.record(url_path, status, len(body), ctype)
        h.end_headers()
        h.wfile.write(body)

    def record(self, path: str, status: int, nbytes: int, ctype: str) -> None:
        with self.lock:
            self.requests.append({"path": path, "status": status, "bytes": nbytes, "type": kind(path, ctype)})

    def take(self) -> list[dict]:
        with self.lock:
            out, self.requests = self.requests, []
        return out

    def wait_quiet(self, quiet: float = 2.0, limit: float = 30.0) -> None:
        start = time.monotonic()
        while time.monotonic() - start < limit:
            time.sleep(0.2)
            with self.lock:
                if self.in_flight == 0 and time.monotonic() - self.last >= quiet:
                    return

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def kind(path: str, ctype: str) -> str:
    if path.endswith("search_index.json"):
        return "search index"
    if ctype == "redirect":
        return "redirect"
    if ctype == "text/html":
        return "html"
    if ctype == "text/css":
        return "css"
    if "javascript" in ctype:
        return "js"
    if ctype.startswith("image/"):
        return "image"
    if "font" in ctype or path.endswith((".woff", ".woff2")):
        return "font"
    return "other"


def summarise(reqs: list[dict]) -> dict:
    by: dict[str, list[int]] = {}
    for r in reqs:
        n = by.setdefault(r["type"], [0, 0])
        n[0] += 1
        n[1] += r["bytes"]
    return {"requests": len(reqs), "bytes": sum(r["bytes"] for r in reqs),
            "not_modified": sum(r["status"] == 304 for r in reqs), "by_type": by}


def bench_browser(sites: dict[str, Site]) -> tuple[dict, set[str]]:
    from playwright.sync_api import sync_playwright

    results: dict = {s: {} for s in SITES}
    requested: set[str] = set()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=chromium_args())
        try:
            for page_path in PAGES:
                for s in SITES:  # interleaved per page
                    site = sites[s]
                    site.take()
                    ctx = browser.new_context()  # a new context per load: cold cache
                    outside: list[str] = []
                    page = ctx.new_page()
                    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
                    page.goto(site.url + page_path, wait_until="load")
                    site.wait_quiet()
                    first = site.take()
                    dom = page.evaluate("document.getElementsByTagName('*').length")
                    page.goto("about:blank")
                    site.take()
                    page.goto(site.url + page_path, wait_until="load")
                    site.wait_quiet()
                    repeat = site.take()
                    ctx.close()
                    requested |= {r["path"] for r in first + repeat if s == "ours"}
                    html = [r for r in first if r["type"] == "html" and r["path"].rstrip("/") == ("/" + page_path).rstrip("/")]
                    results[s][page_path] = {
                        "first": summarise(first), "repeat": summarise(repeat), "dom": dom,
                        "html_bytes": html[0]["bytes"] if html else None,
                        "search_index_fetched": any(r["type"] == "search index" for r in first),
                        "outside": outside,
                    }
                    f = results[s][page_path]["first"]
                    log(f"  {s:5} /{page_path}: first view {f['bytes']:,} B in {f['requests']} requests, "
                        f"repeat {results[s][page_path]['repeat']['bytes']:,} B in {results[s][page_path]['repeat']['requests']}, "
                        f"DOM {dom:,}")
        finally:
            browser.close()
    return results, requested


def search_index(site_root: Path) -> dict:
    data = (site_root / "search" / "search_index.json").read_bytes()
    return {"raw": len(data), "gzip": len(gzip.compress(data, compresslevel=6, mtime=0))}


# ---------------------------------------------------------------- Lighthouse

def lighthouse_bin() -> Path:
    exe = BENCH_DIR / "node_modules" / ".bin" / "lighthouse"
    pkg = BENCH_DIR / "node_modules" / "lighthouse" / "package.json"
    if not exe.exists() or json.loads(pkg.read_text())["version"] != LIGHTHOUSE_VERSION:
        BENCH_DIR.mkdir(exist_ok=True)
        log(f"  installing lighthouse@{LIGHTHOUSE_VERSION} into {BENCH_DIR} (npm)")
        subprocess.run(["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}", "--no-audit", "--no-fund",
                        "--prefix", str(BENCH_DIR)], check=True, capture_output=True)
    return exe


def bench_lighthouse(sites: dict[str, Site], runs: int, work: Path) -> dict:
    exe = lighthouse_bin()
    env = dict(ENV, CHROME_PATH=CHROMIUM)
    raw: dict = {s: {p: [] for p in LIGHTHOUSE_PAGES} for s in SITES}
    for i in range(runs):
        for page_path in LIGHTHOUSE_PAGES:
            for s in (SITES if i % 2 == 0 else SITES[::-1]):
                out = work / f"lh-{s}-{i}-{page_path.strip('/') or 'home'}.json"
                subprocess.run([str(exe), sites[s].url + page_path, "--quiet", "--output=json",
                                f"--output-path={out}", "--chrome-flags=--headless --no-sandbox --disable-gpu",
                                "--only-categories=performance,accessibility,best-practices,seo"],
                               env=env, check=True, capture_output=True)
                rep = json.loads(out.read_text())
                a = rep["audits"]
                run = {c: round(rep["categories"][c]["score"] * 100) for c in
                       ("performance", "accessibility", "best-practices", "seo")}
                run.update(fcp=a["first-contentful-paint"]["numericValue"], lcp=a["largest-contentful-paint"]["numericValue"],
                           tbt=a["total-blocking-time"]["numericValue"], cls=a["cumulative-layout-shift"]["numericValue"],
                           si=a["speed-index"]["numericValue"])
                raw[s][page_path].append(run)
                log(f"  lighthouse {i + 1}/{runs} {s:5} /{page_path}: {run['performance']}/{run['accessibility']}/"
                    f"{run['best-practices']}/{run['seo']}, LCP {run['lcp']:.0f} ms, TBT {run['tbt']:.0f} ms, CLS {run['cls']:.3f}")
    med = {s: {p: {k: statistics.median(r[k] for r in raw[s][p]) for k in raw[s][p][0]} for p in LIGHTHOUSE_PAGES}
           for s in SITES}
    return {"median": med, "runs": raw}


# ---------------------------------------------------------------- profile

def _build_in_process(site_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()


def profile_build(out: Path, site_dir: Path) -> None:
    """In this process (run as `bench.py --profile OUT SITE`): one `mkdocs build` under cProfile,
    timed by CPU time (time.process_time), so other processes on a busy machine do not count."""
    os.chdir(ROOT)
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    _build_in_process(site_dir)
    prof.disable()
    prof.dump_stats(str(out))


# The HTML checks' entry points whose CPU the profile reports (tests/test_bench.py checks they exist).
PAGE_HTML_TIMED = ("kept_check", "check_page", "unsafe_markup", "duplicate_ids", "source_line", "id_lines",
                   "site_id_owner")


def timers_build(out: Path, site_dir: Path) -> None:
    """In this process (run as `bench.py --timers OUT SITE`): one `mkdocs build` without a
    profiler, with CPU timers around the page HTML checks (macros/page_html.py) and the YAML
    loading (macros/loading.parse_yaml, every data file and front matter; yaml.load, MkDocs'
    own). Nested calls within a group are counted once. Writes JSON {group: [seconds, calls]}."""
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import yaml

    from macros import loading, page_html

    totals: dict[str, list] = {}

    def wrap(group: str, module, name: str) -> None:
        fn = getattr(module, name)
        depth = totals.setdefault(group, [0.0, 0, 0])  # seconds, calls, depth

        def timed_fn(*a, **kw):
            if depth[2]:
                return fn(*a, **kw)
            depth[2] = 1
            t0 = time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                depth[0] += time.process_time() - t0
                depth[1] += 1
                depth[2] = 0
        for mod in list(sys.modules.values()):  # also where it was imported by name (from .loading import ...)
            if getattr(mod, name, None) is fn:
                setattr(mod, name, timed_fn)

    for name in PAGE_HTML_TIMED:
        wrap("macros/page_html.py", page_html, name)
    wrap("YAML: macros/loading.parse_yaml", loading, "parse_yaml")
    wrap("YAML: yaml.load (MkDocs)", yaml, "load")
    t0 = time.process_time()
    _build_in_process(site_dir)
    totals["whole build (in process)"] = [time.process_time() - t0, 1, 0]
    out.write_text(json.dumps({k: v[:2] for k, v in totals.items()}))


def time_entering(stats: pstats.Stats, inside) -> dict[str, float]:
    """Cumulative seconds spent in functions matching inside(file), counted where they are called
    from outside (so nothing is counted twice), by calling file."""
    by: dict[str, float] = {}
    for (file, _line, _name), (_cc, _nc, _tt, _ct, callers) in stats.stats.items():
        if not inside(file):
            continue
        for (cfile, _cl, _cn), (_ccc, _cnc, _ctt, cct) in callers.items():
            if not inside(cfile):
                key = short(cfile)
                by[key] = by.get(key, 0.0) + cct
    return by


def short(file: str) -> str:
    f = Path(file)
    try:
        return f.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        parts = f.parts
        for marker in ("site-packages", "lib"):
            if marker in parts:
                return "/".join(parts[parts.index(marker) + 1:])
        return file


def bench_profile(work: Path) -> dict:
    out = work / "build.pstats"
    subprocess.run([sys.executable, str(Path(__file__)), "--profile", str(out), str(work / "site-profile")],
                   env=ENV, cwd=ROOT, check=True)
    timers = work / "timers.json"
    subprocess.run([sys.executable, str(Path(__file__)), "--timers", str(timers), str(work / "site-timers")],
                   env=ENV, cwd=ROOT, check=True)
    stats = pstats.Stats(str(out))
    total = stats.total_tt
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][3], reverse=True)[:15]
    top = [{"function": f"{short(f)}:{ln}({name})", "calls": nc, "tottime": tt, "cumtime": ct}
           for (f, ln, name), (cc, nc, tt, ct, _callers) in rows]
    page_html = time_entering(stats, lambda f: f.endswith("macros/page_html.py"))
    yaml_time = time_entering(stats, lambda f: "/yaml/" in f or f.startswith("<yaml") or "_yaml" in f)
    html_parser = time_entering(stats, lambda f: f.endswith("html/parser.py") or f.endswith("_markupbase.py"))
    return {"total": total, "top": top, "page_html": page_html, "yaml": yaml_time, "html_parser": html_parser,
            "timers": json.loads(timers.read_text())}


# ---------------------------------------------------------------- glossary, unused bytes, machine

def bench_glossary(sizes: str) -> list[dict]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import benchmark_glossary

    out = []
    for size in sizes.split(","):
        n_terms, n_pages = map(int, size.split("x"))
        secs, explained = benchmark_glossary.run(n_terms, n_pages)
        out.append({"terms": n_terms, "pages": n_pages, "secs": secs, "explained": explained})
        log(f"  glossary {n_terms:>5} terms x {n_pages:>4} pages: {secs:5.1f} s wall, {explained:,} terms explained")
    return out


def unused_bytes(site_root: Path, requested: set[str]) -> dict:
    files = [f for f in site_root.rglob("*") if f.is_file()]
    total = sum(f.stat().st_size for f in files)
    rel = {f: "/" + f.relative_to(site_root).as_posix() for f in files}
    maps = sorted((rel[f], f.stat().st_size) for f in files if f.name.endswith(".map"))
    lunr = sorted((rel[f], f.stat().st_size) for f in files
                  if "/assets/javascripts/lunr/" in rel[f] and rel[f] not in requested)
    lunr_used = sorted(rel[f] for f in files if "/assets/javascripts/lunr/" in rel[f] and rel[f] in requested)
    never = maps + lunr
    return {"total": total, "files": len(files), "maps": maps, "lunr": lunr, "lunr_used": lunr_used,
            "never_bytes": sum(n for _, n in never)}


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    def cmd(c):
        try:
            return subprocess.run(c, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "not found"

    import yaml
    return {"nproc": os.cpu_count(), "cpu": cpu, "os": platform.platform(), "python": platform.python_version(),
            "mkdocs": version("mkdocs"), "mkdocs-material": version("mkdocs-material"),
            "mkdocs-macros-plugin": version("mkdocs-macros-plugin"), "PyYAML": version("PyYAML"),
            "libyaml available": yaml.__with_libyaml__, "playwright": version("playwright"),
            "chromium": cmd([CHROMIUM, "--version"]), "node": cmd(["node", "--version"]),
            "lighthouse": LIGHTHOUSE_VERSION, "load": os.getloadavg()}


# ---------------------------------------------------------------- report

def kb(n: float | None) -> str:
    return "-" if n is None else f"{n / 1000:,.1f} KB"


def report(r: dict) -> str:
    m, b = r["machine"], r["builds"]
    L: list[str] = []
    L += ["# Benchmarks", "",
          "Written by `make bench` (`scripts/bench.py`; its docstring says how each figure is taken). "
          "Timings depend on the machine and on its load: the ratios of interleaved runs are the robust "
          "figures; byte and element counts are exact.", "",
          f"- Date: {r['date']} (run took {r['duration'] / 60:.1f} min)",
          f"- Machine: {m['nproc']} CPUs, {m['cpu']}; {m['os']}",
          f"- Load average at start {r['load_start'][0]:.2f} / {r['load_start'][1]:.2f} / {r['load_start'][2]:.2f}, "
          f"at end {m['load'][0]:.2f} / {m['load'][1]:.2f} / {m['load'][2]:.2f}. {r['note']}",
          f"- Python {m['python']}, MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}, mkdocs-macros "
          f"{m['mkdocs-macros-plugin']}, PyYAML {m['PyYAML']} (libyaml available: {m['libyaml available']}), "
          f"Playwright {m['playwright']}, {m['chromium']}, Node {m['node']}, Lighthouse {m['lighthouse']}", "",
          "The reference (\"plain\") is a plain Material build of the same pages and nav: our pages' Markdown "
          "after mkdocs-macros has rendered it (read from MkDocs' page events by `scripts/bench_markdown.py`), "
          "Material's default theme settings, the search plugin only, no custom_dir, no extra CSS or JavaScript, "
          "the same Markdown extensions.", ""]
    if b:
        L += ["## Build (`mkdocs build`)", "",
              f"{b['runs']} interleaved builds each; CPU = user + system of the `mkdocs build` process.", "",
              "| | CPU median | wall median | CPU runs (s) |", "|---|---|---|---|"]
        for s in SITES:
            L.append(f"| {s} | {b[s]['cpu_median']:.2f} s | {b[s]['wall_median']:.2f} s | "
                     + ", ".join(f"{c:.2f}" for c in b[s]["cpu"]) + " |")
        L += ["", f"**Ratio ours / plain: CPU {b['cpu_ratio']:.2f}** (median of the pairs; pairs "
              + ", ".join(f"{x:.2f}" for x in b["cpu_ratio_pairs"]) + f"), wall {b['wall_ratio']:.2f}. "
              f"Ratio of the medians: CPU {b['ours']['cpu_median'] / b['plain']['cpu_median']:.2f}.", ""]
        if b.get("ours_cold"):
            c = b["ours_cold"]
            L += [f"These builds reuse what earlier builds kept in `.cache/` (preview pictures, QR codes, compiled "
                  f"templates, YAML values, page-check answers, the words each page holds, the reduced stylesheets and each page's macro output), as a repeat build or a live reload does, and our "
                  f"modules byte-compiled (`compileall`, as pip compiles the reference's packages). One more build of ours with nothing cached (`AFTER_CAR_T_NO_CACHE=1`, as a "
                  f"first build): CPU {c['cpu']:.2f} s, wall {c['wall']:.2f} s, "
                  f"{c['cpu'] / b['plain']['cpu_median']:.2f} times the plain median.", ""]
    if r.get("pdfs"):
        p = r["pdfs"]
        L += [f"`scripts/build.py --pdfs` (one run): CPU {p['cpu']:.1f} s, wall {p['wall']:.1f} s, "
              f"{p['pdfs']} PDFs ({kb(p['pdf_bytes'])}).", ""]
    if r.get("browser"):
        br = r["browser"]
        L += ["## Page weight (Chromium, gzip, cold cache)", "",
              "Compressed body bytes as served (gzip level 6 for text), every request counted (the search index "
              "too); each first view in a new browser context. Repeat view: the same page loaded again in the "
              "same context. As served by the bench: files named name.<hex>.min.js/css are cached for a year; "
              "HTML is sent again in full (no validators); every other file is revalidated (a request answered "
              "304, no body).", "",
              "| page | site | first view | requests | repeat view | repeat requests (304) | HTML alone | DOM elements | index fetched |",
              "|---|---|---|---|---|---|---|---|---|"]
        for pth in PAGES:
            for s in SITES:
                x = br[s][pth]
                L.append(f"| /{pth} | {s} | {x['first']['bytes']:,} | {x['first']['requests']} | {x['repeat']['bytes']:,} | "
                         f"{x['repeat']['requests']} ({x['repeat']['not_modified']}) | {x['html_bytes'] or 0:,} | "
                         f"{x['dom']:,} | {'yes' if x['search_index_fetched'] else 'no'} |")
        L += ["", "First view ratio ours / plain: " + ", ".join(
            f"/{pth} {br['ours'][pth]['first']['bytes'] / br['plain'][pth]['first']['bytes']:.2f}" for pth in PAGES) + ".", ""]
        L += ["First view by type (requests / bytes):", "",
              "| page | site | " + " | ".join(TYPES) + " |", "|---|---|" + "---|" * len(TYPES)]
        for pth in PAGES:
            for s in SITES:
                bt = br[s][pth]["first"]["by_type"]
                L.append(f"| /{pth} | {s} | " + " | ".join(
                    f"{bt[t][0]} / {bt[t][1]:,}" if t in bt else "-" for t in TYPES) + " |")
        L.append("")
        for s in SITES:
            outside = sorted({u for pth in PAGES for u in br[s][pth]["outside"]})
            L.append(f"Requests from {s} pages to anywhere but the site (not counted above): {len(outside)}"
                     + (" (" + ", ".join(outside) + ")" if outside else "") + ".")
        L += ["(Material's default `font` setting, kept in the plain reference, loads Roboto from Google Fonts.)", ""]
        si = r["search_index"]
        L += ["Search index (`search/search_index.json`): " + "; ".join(
            f"{s} {si[s]['raw']:,} B raw, {si[s]['gzip']:,} B gzip" for s in SITES) + ".", ""]
    if r.get("lighthouse"):
        lh = r["lighthouse"]["median"]
        L += ["## Lighthouse (mobile, median of %d)" % r["lighthouse_runs"], "",
              "Lighthouse's simulated mobile throttling scales the main-thread time it observed, so on a busy "
              "machine TBT, LCP and the performance score suffer most and vary from run to run; the "
              "accessibility, best-practices and SEO scores do not depend on load.", "",
              "| page | site | perf / a11y / best practices / SEO | FCP | LCP | TBT | CLS | Speed Index |",
              "|---|---|---|---|---|---|---|---|"]
        for pth in LIGHTHOUSE_PAGES:
            for s in SITES:
                x = lh[s][pth]
                L.append(f"| /{pth} | {s} | {x['performance']:.0f} / {x['accessibility']:.0f} / {x['best-practices']:.0f} / "
                         f"{x['seo']:.0f} | {x['fcp']:.0f} ms | {x['lcp']:.0f} ms | {x['tbt']:.0f} ms | {x['cls']:.3f} | {x['si']:.0f} ms |")
        L.append("")
    if r.get("glossary"):
        L += ["## Glossary scaling (`scripts/benchmark_glossary.py`, reduced series, wall time)", "",
              "| terms | pages | build s | terms explained |", "|---|---|---|---|"]
        L += [f"| {g['terms']:,} | {g['pages']} | {g['secs']:.1f} | {g['explained']:,} |" for g in r["glossary"]]
        L.append("")
    if r.get("profile"):
        pr = r["profile"]
        tm = pr["timers"]
        whole = tm["whole build (in process)"][0]
        L += ["## Where our build's time goes", "",
              "CPU timers around the page HTML checks and the YAML loading in one in-process `mkdocs build` "
              "without a profiler (nested calls counted once):", ""]
        L += [f"- {k}: {v[0] * 1000:,.0f} ms in {v[1]:,} calls" + ("" if k.startswith("whole") else f" ({v[0] / whole * 100:.1f}%)")
              for k, v in tm.items()]
        L += ["", "cProfile of one in-process `mkdocs build` (CPU time). "
              f"Profiled total {pr['total']:.2f} s: cProfile slows pure-Python code with many calls most "
              "(html.parser, PyYAML), so its shares overstate them; the timers above are the figures to use.", "",
              "| function | calls | tottime s | cumtime s |", "|---|---|---|---|"]
        L += [f"| `{t['function']}` | {t['calls']:,} | {t['tottime']:.2f} | {t['cumtime']:.2f} |" for t in pr["top"]]
        L.append("")
        for label, key in (("macros/page_html.py (the page HTML checks)", "page_html"),
                           ("PyYAML (all YAML loading)", "yaml"), ("html.parser (any caller)", "html_parser")):
            d = pr[key]
            tot = sum(d.values())
            L.append(f"- {label}: {tot * 1000:,.0f} ms profiled, {tot / pr['total'] * 100:.1f}% of the build"
                     + "; called from " + ", ".join(f"{k} {v * 1000:,.0f} ms" for k, v in sorted(d.items(), key=lambda kv: -kv[1])))
        L.append("")
    if r.get("unused"):
        u = r["unused"]
        L += ["## Built files no page requests (our site, without PDFs)", "",
              f"{kb(u['never_bytes'])} of {kb(u['total'])} ({u['never_bytes'] / u['total'] * 100:.1f}%, {u['files']} files): "
              f"source maps {kb(sum(n for _, n in u['maps']))} in {len(u['maps'])} files, lunr files no load fetched "
              f"{kb(sum(n for _, n in u['lunr']))} in {len(u['lunr'])} files (lunr files fetched: "
              + (", ".join(u["lunr_used"]) or "none") + ")"
              + (f"; {u['never_bytes'] / (u['total'] + r['pdfs']['pdf_bytes']) * 100:.1f}% of the site with its PDFs"
                 if r.get("pdfs") else "") + ".", "",
              "<details><summary>The files</summary>", ""]
        L += [f"- `{pth}` {n:,} B" for pth, n in u["maps"] + u["lunr"]]
        L += ["", "</details>", ""]
    if r.get("budgets"):
        L += ["## Budgets (issue 21)", "", "| budget | today | met |", "|---|---|---|"]
        L += [f"| {name} | {value} | {met} |" for name, value, met in r["budgets"]]
        L.append("")
    return "\n".join(L)


TYPES = ["html", "css", "js", "search index", "image", "font", "redirect", "other"]


def budgets(r: dict) -> list[tuple[str, str, str]]:
    out = []
    yes = lambda ok: "yes" if ok else "**no**"  # noqa: E731
    br = r.get("browser")
    if br:
        worst = max(br["ours"][p]["first"]["bytes"] for p in PAGES)
        out.append(("First view <= 80 KB compressed, every measured page",
                    ", ".join(f"/{p} {kb(br['ours'][p]['first']['bytes'])}" for p in PAGES), yes(worst <= 80_000)))
        ok = all(br["ours"][p]["repeat"]["bytes"] <= 1.5 * (br["ours"][p]["html_bytes"] or 0) for p in PAGES)
        out.append(("Repeat view <= 1.5 x the page's compressed HTML",
                    ", ".join(f"/{p} {br['ours'][p]['repeat']['bytes'] / (br['ours'][p]['html_bytes'] or 1):.2f}x" for p in PAGES),
                    yes(ok)))
        dom = br["ours"][GUIDE_PAGE]["dom"]
        out.append(("Guide page < 2,000 DOM elements", f"{dom:,}", yes(dom < 2000)))
    lh = r.get("lighthouse")
    if lh:
        m = lh["median"]["ours"]
        scores = ", ".join(f"/{p} {x['performance']:.0f}/{x['accessibility']:.0f}/{x['best-practices']:.0f}/{x['seo']:.0f}"
                           for p, x in m.items())
        ok = all(x["performance"] >= 98 and x["accessibility"] >= 100 and x["best-practices"] >= 100 and x["seo"] >= 100
                 for x in m.values())
        out.append(("Lighthouse mobile >= 98/100/100/100", scores, yes(ok)))
        out.append(("LCP <= 1.8 s", ", ".join(f"/{p} {x['lcp'] / 1000:.2f} s" for p, x in m.items()),
                    yes(all(x["lcp"] <= 1800 for x in m.values()))))
        out.append(("CLS 0", ", ".join(f"/{p} {x['cls']:.3f}" for p, x in m.items()),
                    yes(all(x["cls"] == 0 for x in m.values()))))
    b = r.get("builds")
    if b:
        out.append(("`mkdocs build` <= 1.3 x plain Material CPU", f"{b['cpu_ratio']:.2f}x", yes(b["cpu_ratio"] <= 1.3)))
    p = r.get("pdfs")
    if p:
        out.append(("`scripts/build.py --pdfs` <= 12 s CPU", f"{p['cpu']:.1f} s", yes(p["cpu"] <= 12)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="interleaved builds of each site (at least 5)")
    ap.add_argument("--lighthouse-runs", type=int, default=3)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-lighthouse", action="store_true")
    ap.add_argument("--no-pdfs", action="store_true")
    ap.add_argument("--no-glossary", action="store_true")
    ap.add_argument("--glossary-sizes", default="100x20,800x20,800x100")
    ap.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    ap.add_argument("--note", default="", help="a sentence for BENCHMARKS.md (e.g. how busy the machine was)")
    ap.add_argument("--json", default=str(BENCH_DIR / "bench.json"), help="raw figures (default .bench/bench.json)")
    ap.add_argument("--report-from", metavar="JSON", help="only write the report again from the raw figures of a run")
    ap.add_argument("--profile", nargs=2, metavar=("OUT", "SITE"), help=argparse.SUPPRESS)
    ap.add_argument("--timers", nargs=2, metavar=("OUT", "SITE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.profile:
        profile_build(Path(args.profile[0]), Path(args.profile[1]))
        return
    if args.timers:
        timers_build(Path(args.timers[0]), Path(args.timers[1]))
        return
    if args.report_from:
        text = report(json.loads(Path(args.report_from).read_text(encoding="utf-8")))
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(text)
        return
    t_start, load_start = time.monotonic(), os.getloadavg()
    r: dict = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "load_start": load_start,
               "note": args.note, "lighthouse_runs": args.lighthouse_runs}
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        log("Rendering our pages' macro output to Markdown (scripts/bench_markdown.py)")
        subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_markdown.py"), str(work / "ref")],
                       env=ENV, cwd=ROOT, check=True)
        log(f"Building ours and plain Material, {args.runs} interleaved runs each")
        b = bench_builds(work, args.runs)
        b["runs"] = args.runs
        r["builds"] = b
        log(f"  CPU median ours {b['ours']['cpu_median']:.2f} s, plain {b['plain']['cpu_median']:.2f} s, "
            f"ratio {b['cpu_ratio']:.2f}; wall {b['ours']['wall_median']:.2f} / {b['plain']['wall_median']:.2f} s, "
            f"ratio {b['wall_ratio']:.2f}")
        if not args.no_pdfs:
            log("Building with --pdfs once")
            r["pdfs"] = bench_pdfs(work)
            log(f"  scripts/build.py --pdfs: CPU {r['pdfs']['cpu']:.1f} s, wall {r['pdfs']['wall']:.1f} s")
        sites = {"ours": Site(work / "site-ours"), "plain": Site(work / "site-plain")}
        r["search_index"] = {s: search_index(work / f"site-{s}") for s in SITES}
        requested: set[str] = set()
        try:
            if not args.no_browser:
                log("Loading pages in Chromium")
                r["browser"], requested = bench_browser(sites)
            if not args.no_lighthouse:
                log(f"Lighthouse mobile, {args.lighthouse_runs} runs per page")
                r["lighthouse"] = bench_lighthouse(sites, args.lighthouse_runs, work)
        finally:
            for site in sites.values():
                site.close()
        if requested:
            r["unused"] = unused_bytes(work / "site-ours", requested)
        if not args.no_glossary:
            log("Glossary scaling series")
            r["glossary"] = bench_glossary(args.glossary_sizes)
        log("Profiling one build")
        r["profile"] = bench_profile(work)
        r["machine"] = machine()
        r["duration"] = time.monotonic() - t_start
        r["budgets"] = budgets(r)
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
        text = report(r)
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print("\n" + text)
        log(f"\nWritten to {args.output}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
