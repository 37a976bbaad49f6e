"""A page's H1 has no "Link to this section" mark. The toc extension (`permalink: true` in
mkdocs.yml) adds one to every heading, whatever its level; a link to the top of the page is the
page's own address, so on the H1 the mark only adds a stop for the keyboard and screen readers.
This small Markdown extension removes it from H1s after the toc extension has added it (the H1
keeps its id, which h1_id() in pages.py gives it). Not hidden with CSS: it is not rendered."""
from __future__ import annotations

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

HEADERLINK = "headerlink"


def remove_h1_permalinks(root) -> int:
    """Remove the toc extension's permalink (<a class="headerlink">) from every H1; how many."""
    removed = 0
    for h1 in root.iter("h1"):
        for a in list(h1):
            if a.tag == "a" and HEADERLINK in (a.get("class") or "").split():
                # Keep any text that followed the link (none in practice) on the element before it.
                if a.tail and a.tail.strip():
                    kids = list(h1)
                    i = kids.index(a)
                    if i:
                        kids[i - 1].tail = (kids[i - 1].tail or "") + a.tail
                    else:
                        h1.text = (h1.text or "") + a.tail
                h1.remove(a)
                removed += 1
    return removed


class _NoH1Permalink(Treeprocessor):
    def run(self, root):
        remove_h1_permalinks(root)
        return None


class HeadingExtension(Extension):
    def extendMarkdown(self, md):
        # After the toc extension (5) has added permalinks, before MkDocs rewrites links (0).
        md.treeprocessors.register(_NoH1Permalink(md), "no_h1_permalink", 4)
