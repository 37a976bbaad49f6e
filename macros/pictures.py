"""Pictures that help a reader act (PEMAT items 15 and 26), drawn from the warning signs in
get-help.yml, so a sign or the fever number is never typed twice:

- when_to_call_svg: three boxes, "call 911 now" (the emergency signs), "call your care team now"
  (the call-your-team signs that have a short form) and "at your next visit";
- thermometer_svg: a thermometer marked at the fever threshold, read from the fever sign's own
  text ("a fever of 100.4°F (38°C) or higher") and cited to that sign's sources.

Each is an accessible inline SVG (role="img", a <title> and a <desc> named by aria-labelledby),
black and white (borders differ by weight and dash, not colour) and requests nothing. The words
around the signs are in strings.yml (group pictures)."""
from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass

from .errors import DataError
from .get_help import GetHelp

e = html.escape
FEVER = re.compile(r"(\d{2,3}(?:\.\d)?)\s*°F\s*\((\d{2}(?:\.\d)?)\s*°C\)")
FONT = 'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif"'


@dataclass(frozen=True)
class Fever:
    fahrenheit: str
    celsius: str
    sources: tuple[str, ...]


def fever_threshold(gh: GetHelp) -> Fever:
    """The fever threshold as the warning signs give it: the first call-your-team sign whose text
    names a temperature in °F and °C, with that sign's sources."""
    for s in gh.call_team_signs:
        m = FEVER.search(s.text)
        if m:
            return Fever(m.group(1), m.group(2), tuple(s.sources))
    raise DataError("get-help.yml", "no call-your-team sign names a fever as '100.4°F (38°C)': the thermometer "
                    "pictures and the temperature log read the number from there; write the fever sign's text "
                    "with both units", field="call_team_signs")


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def _text(x: float, y: float, s: str, size: int = 15, weight: str = "400", fill: str = "#000",
          anchor: str = "start") -> str:
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
            f'text-anchor="{anchor}" {FONT}>{e(s)}</text>')


def when_to_call_svg(gh: GetHelp, words, uid: str, stacked: bool = False) -> str:
    """Three boxes side by side (or, for a phone, one above the other): who to call for which
    signs. The 911 box has the heaviest border, the care-team box a plain one, the next-visit box
    a dashed one (black and white)."""
    col_w, gap, pad, line_h, chars = 236, 14, 12, 19, 25
    emergency = [s.short or s.text for s in gh.emergency_signs]
    team = [s.short for s in gh.call_team_signs if s.short]
    panels = [
        (words("pictures.call_911", number=gh.lines["emergency"].number), words("pictures.if_someone"), emergency, "8", ""),
        (words("pictures.call_team"), words("pictures.if_you_have"), team, "3", ""),
        (words("pictures.next_visit"), words("pictures.next_visit_what"), [], "3", ' stroke-dasharray="10 6"'),
    ]
    bodies, height = [], 0
    for title, lead, signs, _, _ in panels:
        rows = [(t, "700", 0) for t in _lines(title, 20)] + [(t, "400", 0) for t in _lines(lead, chars)]
        for s in signs:
            first, *rest = _lines(s, chars - 2)
            rows.append(("• " + first, "400", 0))
            rows += [(r, "400", 12) for r in rest]
        bodies.append(rows)
    heights = [2 * pad + 16 + line_h * len(rows) for rows in bodies]
    if stacked:
        width, tops, boxes = col_w, [sum(heights[:i]) + gap * i for i in range(3)], heights
        xs, total = [0, 0, 0], sum(heights) + 2 * gap
    else:
        width, tops, boxes = 3 * col_w + 2 * gap, [0, 0, 0], [max(heights)] * 3
        xs, total = [i * (col_w + gap) for i in range(3)], max(heights)
    height = total
    parts = []
    for (title, _, _, stroke, dash), rows, x, top, box in zip(panels, bodies, xs, tops, boxes):
        parts.append(f'<rect x="{x + 4}" y="{top + 4}" width="{col_w - 8}" height="{box - 8}" rx="6" fill="#fff" '
                     f'stroke="#000" stroke-width="{stroke}"{dash}/>')
        y = top + 4 + pad + line_h
        for text, weight, indent in rows:
            parts.append(_text(x + 4 + pad + indent, y, text, 17 if weight == "700" else 15, weight))
            y += line_h + (2 if weight == "700" else 0)
    alt = words("pictures.when_to_call_alt", number=gh.lines["emergency"].number,
                emergency="; ".join(emergency), team="; ".join(team))
    return (f'<svg class="picture when-to-call when-to-call--{"stacked" if stacked else "wide"}" role="img" aria-labelledby="{uid}-t {uid}-d" '
            f'viewBox="0 0 {width} {height + 8}" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{uid}-t">{e(words("pictures.when_to_call_title"))}</title>'
            f'<desc id="{uid}-d">{e(alt)}</desc>' + "".join(parts) + "</svg>")


def thermometer_svg(fever: Fever, words, uid: str) -> str:
    """A thermometer from 97 to 104 °F with a heavy mark at the fever threshold and, beside it,
    what to do. The column is filled up to the mark."""
    low, high, top, bottom, x = 97.0, 104.0, 20, 240, 56
    threshold = float(fever.fahrenheit)
    def y_of(t):
        return bottom - (t - low) / (high - low) * (bottom - top)
    ticks = []
    for t in range(int(low), int(high) + 1):
        y = y_of(t)
        ticks.append(f'<line x1="{x + 14}" y1="{y:.1f}" x2="{x + 26}" y2="{y:.1f}" stroke="#000" stroke-width="1.5"/>')
        ticks.append(_text(x - 14, y + 5, f"{t}°", 15, anchor="end"))
    ym = y_of(threshold)
    label = _lines(words("pictures.fever_mark", fahrenheit=fever.fahrenheit, celsius=fever.celsius), 19)
    action = _lines(words("pictures.fever_action"), 23)
    texts = [_text(x + 68, ym + 6 + 20 * i, s, 17, "700") for i, s in enumerate(label)]
    texts += [_text(x + 68, ym + 6 + 20 * (len(label) + i), s, 15) for i, s in enumerate(action)]
    alt = words("pictures.thermometer_alt", fahrenheit=fever.fahrenheit, celsius=fever.celsius)
    return (f'<svg class="picture thermometer" role="img" aria-labelledby="{uid}-t {uid}-d" viewBox="0 0 320 290" '
            f'xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{uid}-t">{e(words("pictures.thermometer_title"))}</title><desc id="{uid}-d">{e(alt)}</desc>'
            f'<rect x="{x - 10}" y="{top - 12}" width="20" height="{bottom - top + 24}" rx="10" fill="#fff" stroke="#000" stroke-width="3"/>'
            f'<circle cx="{x}" cy="{bottom + 26}" r="20" fill="#000" stroke="#000" stroke-width="3"/>'
            f'<rect x="{x - 5}" y="{ym:.1f}" width="10" height="{bottom + 12 - ym:.1f}" fill="#000"/>'
            + "".join(ticks) +
            f'<line x1="{x - 16}" y1="{ym:.1f}" x2="{x + 62}" y2="{ym:.1f}" stroke="#000" stroke-width="5"/>'
            f'<polygon points="{x + 62},{ym - 9:.1f} {x + 62},{ym + 9:.1f} {x + 50},{ym:.1f}" fill="#000"/>'
            + "".join(texts) + "</svg>")


def picture_figure(svg: str, caption_html: str, kind: str) -> str:
    """A picture with a short caption (which cites). class action-picture marks a picture that
    shows the reader what to do (counted by scripts/pemat_counts.py)."""
    return (f'<figure class="action-picture action-picture--{e(kind)}">{svg}'
            f'<figcaption>{caption_html}</figcaption></figure>\n')


def temperature_log(rows: int, words) -> str:
    """A table to write temperatures in: date and time, temperature, symptoms, what I did (the
    columns of the caregivers page's log)."""
    head = "".join(f"<th>{e(words('pictures.log_' + k))}</th>" for k in ("when", "temperature", "symptoms", "what_i_did"))
    line = '<span class="write-lines" aria-hidden="true"><span class="write-line"></span></span>'
    body = "".join("<tr>" + f"<td>{line}</td>" * 4 + "</tr>" for _ in range(rows))
    return (f'<table class="temperature-log"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n')
