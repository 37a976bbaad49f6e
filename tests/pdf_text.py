"""Text lines of a printed sheet read with pdfium (pypdfium2, C++), grouped as pdfplumber's
extract_text_lines groups them (by the top of each letter, 3 pt apart at most; a space where
letters are more than 3 pt apart). About ten times faster than pdfplumber, which parses each
sheet in Python; test_print.py reads every sheet of every page with it. On the site's 324 Letter
sheets every line's letters (spaces aside) and the first sheets' text were the same as
pdfplumber's (checked when it was written, 2026-12-07)."""
from __future__ import annotations

import re

TOLERANCE = 3  # pt: pdfplumber's y_tolerance and x_tolerance


def flat(text: str) -> str:
    """The letters of a text without its spaces (pdfium and pdfplumber space text differently)."""
    return re.sub(r"\s+", "", text)


def sheet_chars(page) -> list[dict]:
    """The letters of a pdfium page with their boxes (the font's height, as pdfplumber measures:
    pdfium's loose box), measured from the top of the sheet in points."""
    height = page.get_height()
    text = page.get_textpage()
    out = []
    try:
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1).replace("\ufffe", "-")  # pdfium's mark for a hyphen at a line end
            left, bottom, right, top = text.get_charbox(i, loose=True)
            if not ch or ch in "\r\n" or (right <= left and top <= bottom):
                continue  # pdfium's own line breaks and spaces have no box
            out.append({"text": ch, "x0": left, "x1": right, "top": height - top, "bottom": height - bottom})
    finally:
        text.close()
    return out


def sheet_lines(page) -> list[dict]:
    """The text lines of a pdfium page, top to bottom: text, top and bottom (points from the top)."""
    groups, current, last_top = [], [], None
    for c in sorted(sheet_chars(page), key=lambda c: c["top"]):
        if last_top is not None and c["top"] - last_top > TOLERANCE:
            groups.append(current)
            current = []
        current.append(c)
        last_top = c["top"]
    if current:
        groups.append(current)
    lines = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        text, prev = "", None
        for c in group:
            if prev is not None and c["x0"] - prev["x1"] > TOLERANCE and not text.endswith(" ") and c["text"] != " ":
                text += " "
            text += c["text"]
            prev = c
        lines.append({"text": text, "top": min(c["top"] for c in group), "bottom": max(c["bottom"] for c in group)})
    return lines
