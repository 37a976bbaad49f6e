"""A center's copy, without a build: the checks of extra.center (site_config.py), the words and
values a copy shows (center.py) and how an overlay file finds the project (scripts/mkdocs_overlay.py).
Each check is shown failing on a bad value and passing on a good one."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, WORDS
from macros import center as center_copy
from macros import site_config
from macros.changes import Change

sys.path.insert(0, str(ROOT / "scripts"))
import mkdocs_overlay  # noqa: E402

OVERLAY = ROOT / "examples" / "center" / "mkdocs.yml"
BASE = {"site_name": "After CAR T", "site_url": "https://after-car-t.example.org/",
        "extra": {"report_mistake_url": "https://example.org/issues", "urgent_url": "help/",
                  "source_url": "https://after-car-t.example.org/"}}


def settings(center: dict | None = None, **extra) -> dict:
    out = {**BASE, "extra": {**BASE["extra"], **extra}}
    if center is not None:
        out["extra"]["center"] = center
    return out


def example_center() -> dict:
    return yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))["extra"]["center"]


def problems(values: dict, folder: Path | None = OVERLAY.parent) -> list[str]:
    return [str(p) for p in site_config.config_problems(values, "examples/center/mkdocs.yml", folder)]


@pytest.mark.parametrize("a, b, ratio", [("#ffffff", "#000000", 21.0), ("#ffffff", "#ffffff", 1.0),
                                         ("#767676", "#ffffff", 4.54), ("#777777", "#ffffff", 4.48)])
def test_contrast_ratio_matches_wcag(a, b, ratio):
    assert round(site_config.contrast_ratio(a, b), 2) == ratio


def test_the_example_center_and_the_main_guide_have_no_problems():
    assert problems(settings()) == []
    assert problems(settings(example_center())) == []


@pytest.mark.parametrize("change, field, words", [
    ({"nigth_phone": "(212) 555-0199"}, "extra.center.nigth_phone", "Did you mean 'night_phone'"),
    ({"colors": {"primary": "#777777"}}, "extra.center.colors.primary", "4.48:1"),
    ({"colours": {"accent": "#a0a0a0"}}, "extra.center.colours.accent", "WCAG AA"),
    ({"colors": {"primary": "red"}}, "extra.center.colors.primary", "#rrggbb"),
    ({"logo": "missing.svg"}, "extra.center.logo", "no file 'missing.svg'"),
    ({"logo": "center.css"}, "extra.center.logo", "SVG or PNG"),
    ({"night_phone": "(212) 555-01", "night_phone_dial": None}, "extra.center.night_phone", "not a phone number"),
    ({"reviewer": {"name": "X", "scope": "all"}}, "extra.center.reviewer.reviewed_on", "required"),
    ({"reviewer": {"name": "X", "scope": "all", "reviewed_on": "2026-02-30"}}, "extra.center.reviewer.reviewed_on", ""),
    ({"report_problem_url": "javascript:alert(1)"}, "extra.center.report_problem_url", "not allowed"),
    ({"name": "<b>X</b>"}, "extra.center.name", "plain text"),
])
def test_a_bad_center_value_is_named_with_the_overlay_file_and_key(change, field, words):
    center = {**example_center(), **change}
    center = {k: v for k, v in center.items() if v is not None}
    found = [p for p in problems(settings(center)) if f"examples/center/mkdocs.yml, field '{field}'" in p]
    assert found and words in found[0], problems(settings(center))


def test_a_center_without_a_name_is_told_to_give_one():
    found = problems(settings({"logo": "logo.svg"}))
    assert any("extra.center" in p and "no name" in p for p in found), found


@pytest.mark.parametrize("key", ["organisation", "organization"])
def test_the_old_organisation_key_says_where_it_moved(key):
    found = problems(settings(**{key: {"name": "Example"}}))
    assert any(f"field 'extra.{key}'" in p and "extra.center.name" in p for p in found), found


def test_copy_text_gives_the_main_guides_words_without_a_center():
    for key in center_copy.COPY_NEEDS:
        text = center_copy.copy_text(key, {}, WORDS, "https://example.org/issues")
        if key in center_copy.ONLY_IN_A_CENTER_COPY:
            assert text == ""
        else:
            assert text == WORDS(f"copy.{key}", report_url="https://example.org/issues")


def test_copy_text_gives_the_centers_words_only_with_what_they_need():
    center = site_config.Center.model_validate(example_center()).model_dump(exclude_none=True)
    about = center_copy.copy_text("about_review", center, WORDS)
    assert "Dr. Alex Example" in about and "No doctor" not in about
    without_reviewer = {k: v for k, v in center.items() if k != "reviewer"}
    assert center_copy.copy_text("about_review", without_reviewer, WORDS) == WORDS("copy.about_review")
    # Markdown in a center's value is shown as written, never as markup.
    sneaky = {**center, "changes": "see [here](javascript:alert(1)) *now*"}
    assert "[here](" not in center_copy.copy_text("about_changes", sneaky, WORDS)


def test_changed_since_only_after_the_sign_off():
    center = {"name": "C", "reviewer": {"name": "Dr. R", "reviewed_on": dt.date(2026, 12, 1), "scope": "all"}}
    changes = [Change(date=dt.date(2026, 12, 6), pages=["a.md"], what="x")]
    assert center_copy.last_changed("a.md", dt.date(2026, 11, 1), changes) == dt.date(2026, 12, 6)
    assert center_copy.last_changed("b.md", dt.date(2026, 11, 1), changes) == dt.date(2026, 11, 1)
    later = center_copy.changed_since(center, dt.date(2026, 12, 6), WORDS)
    assert "has changed since Dr. R reviewed it on December 1, 2026" in later
    assert center_copy.changed_since(center, dt.date(2026, 12, 1), WORDS) == ""
    assert center_copy.changed_since({"name": "C"}, dt.date(2026, 12, 6), WORDS) == ""


def test_structured_data_names_a_reviewer_only_when_set():
    assert center_copy.reviewed_by({}) is None and center_copy.publisher({}) is None
    center = {"name": "C", "reviewer": {"name": "Dr. R", "credentials": "MD", "reviewed_on": dt.date(2026, 1, 1), "scope": "x"}}
    assert center_copy.reviewed_by(center)["name"] == "Dr. R"
    assert center_copy.reviewed_by({"name": "C"}) is None
    assert center_copy.publisher(center) == {"@type": "MedicalOrganization", "name": "C"}


def test_the_main_guide_gets_no_center_css_and_a_center_its_colors():
    assert center_copy.center_css({}, OVERLAY.parent, WORDS, "https://x.org/") == ()
    parts = dict(center_copy.center_css(example_center(), OVERLAY.parent, WORDS, "https://x.org/"))
    joined = "\n".join(parts.values())
    assert "--md-primary-fg-color: #7a1f3d;" in joined and ".center-attribution" in joined
    assert '@bottom-left { content: "Adapted by Example Cancer Center from After CAR T, CC BY 4.0. Source: https://x.org/"' in joined


def test_an_overlay_finds_the_projects_mkdocs_yml(tmp_path):
    assert mkdocs_overlay.root_config(OVERLAY) == (ROOT / "mkdocs.yml").resolve()
    assert mkdocs_overlay.root_config(ROOT / "mkdocs.yml") == (ROOT / "mkdocs.yml").resolve()
    assert mkdocs_overlay.overlay_name(OVERLAY, ROOT / "mkdocs.yml") == "examples/center/mkdocs.yml"
    loop = tmp_path / "a.yml"
    loop.write_text("INHERIT: b.yml\n")
    (tmp_path / "b.yml").write_text("INHERIT: a.yml\n")
    assert mkdocs_overlay.root_config(loop) in (loop.resolve(), (tmp_path / "b.yml").resolve())  # MkDocs names the loop
    assert mkdocs_overlay.config_file_argument(["build", "-f", "x.yml"]) == "x.yml"
    assert mkdocs_overlay.config_file_argument(["build", "--config-file=y.yml"]) == "y.yml"


def test_the_preview_picture_names_the_center_only_in_its_copy():
    assert center_copy.preview_label({}, "After CAR T") == "After CAR T"
    assert center_copy.preview_label({"name": "C"}, "After CAR T") == "C - After CAR T"
