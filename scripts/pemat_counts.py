"""PEMAT-P counts per page of a built site, printed, never asserted: pictures (inline SVG or
<img> in the page's article, QR codes left out), pictures that show the reader what to do
(macros/pictures.py marks them with class action-picture; PEMAT items 15 and 26), and tables.
A reviewer reads the numbers beside the PEMAT form; tests/test_handout_paper.py prints them.

    python scripts/pemat_counts.py SITE_DIR
"""
from __future__ import annotations

import sys
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser


def counts(html: str) -> dict[str, int]:
    """Pictures, pictures with an action, and tables in the page's article."""
    tree = HTMLParser(html)
    article = tree.css_first("article") or tree.body
    if article is None:
        return {"pictures": 0, "action_pictures": 0, "tables": 0}
    actions = article.css("figure.action-picture")
    def cls(node) -> str:
        return (node.attributes.get("class") or "") if node is not None else ""
    svgs = [s for s in article.css("svg[role=img]") if "qr-code" not in cls(s) and "action-picture" not in cls(s.parent)]
    imgs = [i for i in article.css("img") if "qr" not in (i.attributes.get("src") or "")]
    # An action picture is one picture, whichever of its drawings (wide or for a phone) shows.
    return {"pictures": len(actions) + len(svgs) + len(imgs), "action_pictures": len(actions),
            "tables": len(article.css("table"))}


def site_counts(site: Path) -> list[tuple[str, dict[str, int]]]:
    rows = []
    for f in sorted(site.rglob("index.html")):
        html = f.read_text(encoding="utf-8")
        if "page-review" not in html:  # pages of the guide, not redirects or the 404 page
            continue
        rel = f.parent.relative_to(site).as_posix()
        rows.append(("/" if rel == "." else rel + "/", counts(html)))
    return rows


def report(rows: list[tuple[str, dict[str, int]]]) -> str:
    out = [f"{'page':52} pictures  with an action  tables"]
    for rel, c in rows:
        out.append(f"{rel:52} {c['pictures']:8d}  {c['action_pictures']:14d}  {c['tables']:6d}")
    none = [rel for rel, c in rows if not c["action_pictures"]]
    out.append(f"{len(rows)} pages; {len(rows) - len(none)} with a picture that shows what to do")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(report(site_counts(Path(argv[0]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
