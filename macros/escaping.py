"""Text written into HTML and CSS, escaped once, here (the plugin's `| plain` filter, strings.yml's
Words.html, the handouts' text, every printed sheet's margin boxes all use these two).

- html_text(): text for an HTML text node (between tags, never an attribute value): `&`, `<` and
  `>` escaped, so no text can open or close an element (`<script>`, `</style>`); quotes need no
  escaping there and are left as typed.
- css_string(): text as one double-quoted CSS string (a margin box's `content`): backslashes and
  double quotes escaped, line breaks made spaces (a CSS string cannot hold one), and `<` written as
  the escape `\\3c ` so no text can close the stylesheet's <style> or open a tag in it."""
from __future__ import annotations

import html


def html_text(text) -> str:
    """`text` for an HTML text node: &, < and > escaped (quotes need no escaping there)."""
    return html.escape(str(text), quote=False)


def css_string(text) -> str:
    """`text` as a CSS string: quotes and backslashes escaped, no new line, no "<"."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\f", " ") + '"'
