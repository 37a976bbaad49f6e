"""Accessible checklists: pymdownx.tasklist draws a checkbox whose label holds only a styling
span, so screen readers hear "checkbox" with no name (axe: label). This small Markdown extension
names each checkbox by the text of its list item, via aria-labelledby."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

_PLACEHOLDER = re.compile(r"^\x02wzxhzdk:(\d+)\x03")


class _NameCheckboxes(Treeprocessor):
    def run(self, root):
        n = 0
        for li in root.iter("li"):
            if "task-list-item" not in (li.get("class") or "").split():
                continue
            holder = li
            if not (li.text or "").strip() and len(li) and li[0].tag == "p":
                holder = li[0]
            m = _PLACEHOLDER.match(holder.text or "")
            if not m:
                continue
            idx = int(m.group(1))
            html = str(self.md.htmlStash.rawHtmlBlocks[idx])
            if "<input" not in html or "aria-labelledby" in html:
                continue
            n += 1
            text_id = f"_check-{n}"
            self.md.htmlStash.rawHtmlBlocks[idx] = html.replace("<input ", f'<input aria-labelledby="{text_id}" ', 1)
            span = etree.Element("span", {"id": text_id})
            span.text = holder.text[m.end():]
            for child in list(holder):
                if child.tag in ("ul", "ol"):
                    break
                holder.remove(child)
                span.append(child)
            holder.text = m.group(0)
            holder.insert(0, span)
        return None


class ChecklistExtension(Extension):
    def extendMarkdown(self, md):
        # After inline parsing (20), before MkDocs rewrites links (0).
        md.treeprocessors.register(_NameCheckboxes(md), "name_checkboxes", 2)
