"""Hosting headers for a center that hosts the site itself: the `_headers` file (Netlify,
Cloudflare Pages) written into every site build, and the nginx snippet made from it
(scripts/hosting_headers.py). GitHub Pages, where the project publishes, sends no custom headers.

The Content-Security-Policy of each kind of file comes from macros/content_security_policy.py
(the one place it is written, the same policy as the pages' <meta>), plus what only a header
can say:
- frame-ancestors: no other site may show these pages in a frame ('none'), unless a center
  names its portal's origins (extra.center.frame_ancestors);
- X-Content-Type-Options: nosniff; Referrer-Policy: no-referrer (as the pages' <meta>);
- Permissions-Policy: every powerful feature the site never uses is denied.
HSTS is not sent: it binds the whole host name for a year, so README says how a host adds it.

Hosts combine rules differently when several match one address (Cloudflare Pages applies every
matching rule, joining a header named twice with ", "; Netlify serves one value). A policy
header holding two policies ("A, B") enforces both, so each rule is written to work either way:
the site-wide rule's script-src also allows the redirect pages' own scripts, by hash (a page's
<meta> policy still allows none), and each redirect page's rule carries its own policy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import content_security_policy as csp

FILE = "_headers"
# Powerful features the site never uses (Chromium knows each name: an unknown one is a console
# warning, which tests/test_hosting_headers.py reports).
DENIED_FEATURES = ["accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
                   "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer", "microphone",
                   "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
                   "xr-spatial-tracking"]
ORIGIN = re.compile(r"https://[a-z0-9.-]+(:\d{1,5})?")
HSTS_EXAMPLE = "Strict-Transport-Security: max-age=31536000"


@dataclass(frozen=True)
class Rule:
    path: str                           # "/*", "/help/": the host's address pattern
    headers: tuple[tuple[str, str], ...]
    note: str = ""


def frame_ancestors(origins: list[str] | None) -> str:
    """'none', or the origins a center lets show the site in a frame (its patient portal)."""
    for origin in origins or []:
        if not ORIGIN.fullmatch(origin):
            raise ValueError(f"{origin!r} is not an origin such as https://portal.example.org")
    return " ".join(origins) if origins else "'none'"


def with_directives(policy: str, **directives: str) -> str:
    """`policy` with directives added or replaced (names written with _ for -)."""
    parts = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    parts.update({k.replace("_", "-"): v for k, v in directives.items()})
    return "; ".join(f"{k} {v}" for k, v in parts.items())


def common_headers(origins: list[str] | None) -> list[tuple[str, str]]:
    headers = [("X-Content-Type-Options", "nosniff"),
               ("Referrer-Policy", "no-referrer"),
               ("Permissions-Policy", ", ".join(f"{f}=()" for f in DENIED_FEATURES))]
    if not origins:  # browsers without frame-ancestors; it cannot name an allowed origin
        headers.append(("X-Frame-Options", "DENY"))
    return headers


def rules(stubs: dict[str, str], origins: list[str] | None = None, folders: tuple[str, ...] = ()) -> list[Rule]:
    """The header rules for a site build. stubs: each redirect page's address ("help/") and
    its one inline script; origins: extra.center.frame_ancestors; folders: folders of many
    redirect pages ("connect/icd10/", one per diagnosis code), each given one rule for all its
    pages (`/connect/icd10/*`) that allows each of their scripts by hash, so the file keeps a
    few rules, not two per page (each page's <meta> policy still allows only its own script)."""
    ancestors = frame_ancestors(origins)
    hashes = " ".join(sorted({csp.script_hash(s) for s in stubs.values()}))
    site = csp.site_policy()
    if hashes:
        site = with_directives(site, script_src=f"'self' {hashes}")
    out = [Rule("/*", (("Content-Security-Policy", with_directives(site, frame_ancestors=ancestors)),
                       *common_headers(origins)),
                "Every page (the 404 page too) and file: the pages' policy; script-src also allows "
                "the redirect pages' scripts by hash, since some hosts apply both rules to them.")]
    for folder in folders:
        inside = sorted({csp.script_hash(s) for url, s in stubs.items() if url.startswith(folder)})
        if inside:
            policy = with_directives(csp.redirect_stub_policy(""), script_src=" ".join(inside), frame_ancestors=ancestors)
            out.append(Rule(f"/{folder}*", (("Content-Security-Policy", policy), *common_headers(origins)),
                            "Redirect pages of one folder: only their own scripts run."))
    for url in sorted(u for u in stubs if not u.startswith(tuple(folders))):
        policy = with_directives(csp.redirect_stub_policy(stubs[url]), frame_ancestors=ancestors)
        for path in (f"/{url}", f"/{url}index.html") if url.endswith("/") else (f"/{url}",):
            out.append(Rule(path, (("Content-Security-Policy", policy), *common_headers(origins)),
                            "A redirect page: only its own script runs."))
    return out


def headers_file(rule_list: list[Rule]) -> str:
    lines = ["# Hosting headers for Netlify and Cloudflare Pages, written by the build from",
             "# macros/content_security_policy.py and macros/hosting_headers.py: do not edit; README,",
             "# \"Hosting headers\", explains them and gives the same for nginx. GitHub Pages ignores this file.",
             f"# HSTS is not sent: once HTTPS works for the whole host name, a host may add {HSTS_EXAMPLE}"]
    for rule in rule_list:
        lines += ["", f"# {rule.note}" if rule.note else "#", rule.path]
        lines += [f"  {name}: {value}" for name, value in rule.headers]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- reading a _headers file

def parse_headers_file(text: str, where: str = FILE) -> list[Rule]:
    """The rules of a `_headers` file: an address pattern at the start of a line, then its
    headers indented ("  Name: value"); # starts a comment. A bad line raises ValueError
    naming the file and the line."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        if not line[0].isspace():
            if not line.startswith("/"):
                raise ValueError(f"{where}, line {n}: an address pattern starts with /: {line!r}")
            out.append((line.strip(), []))
            continue
        name, sep, value = line.strip().partition(":")
        if not out or not sep or not re.fullmatch(r"[A-Za-z0-9-]+", name):
            raise ValueError(f"{where}, line {n}: expected an indented 'Name: value' under an address: {line!r}")
        out[-1][1].append((name, value.strip()))
    return [Rule(path, tuple(headers)) for path, headers in out]


def path_matches(pattern: str, path: str) -> bool:
    """A `_headers` address pattern against a request path: * matches any characters."""
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("*")), path) is not None


def headers_for(rule_list: list[Rule], path: str, combine: str = "join") -> list[tuple[str, str]]:
    """The headers a host sends for `path`. combine="join": every matching rule applies and a
    header named twice is joined with ", " (Cloudflare Pages); "last": the last matching rule's
    value of a header wins (as a host that serves one value, the most specific rule written last)."""
    found: dict[str, tuple[str, str]] = {}
    for rule in rule_list:
        if path_matches(rule.path, path):
            for name, value in rule.headers:
                key = name.lower()
                if key in found and combine == "join":
                    found[key] = (found[key][0], f"{found[key][1]}, {value}")
                else:
                    found[key] = (name, value)
    return list(found.values())


# ---------------------------------------------------------------- nginx

def nginx_snippet(rule_list: list[Rule]) -> str:
    """The same headers for nginx: one location per rule (in nginx a location's add_header
    replaces the server's, so each location repeats every header), `always` so the 404 page
    gets them too."""
    lines = ["# After CAR T hosting headers, made by scripts/hosting_headers.py from the built site's _headers.",
             "# Put inside the server { } block whose root is the built site.",
             f"# HSTS: once HTTPS works for the whole host name, add to each location: add_header Strict-Transport-Security \"max-age=31536000\" always;",
             "error_page 404 /404.html;"]
    for rule in rule_list:
        if rule.path == "/*":
            where = "location /"
        elif rule.path.endswith("/*") and rule.path.count("*") == 1:  # a folder: a prefix location
            where = f"location {rule.path[:-1]}"
        elif "*" in rule.path:
            raise ValueError(f"{FILE}: {rule.path!r}: only /* or an exact address has an nginx location here")
        else:
            where = f"location = {rule.path}"
        lines.append(f"{where} {{")
        for name, value in rule.headers:
            if '"' in value or "\\" in value:
                raise ValueError(f"{FILE}: {rule.path}: {name} holds a quote or backslash")
            lines.append(f'    add_header {name} "{value}" always;')
        lines.append("}")
    return "\n".join(lines) + "\n"
