"""Bench only (used by scripts/bench.py): our pages' macro output as plain Markdown, plus a
plain Material project of the same pages and nav to compare our build with.

    python scripts/bench_markdown.py OUT_DIR

Loads the project's own mkdocs.yml unchanged (nothing in the project is edited, no INHERIT),
adds one bench-only plugin in this process, and builds once into OUT_DIR/capture-site. The
plugin reads each page's Markdown after mkdocs-macros has rendered it (MkDocs' on_page_markdown
event, run after every other plugin and hook) and writes OUT_DIR/docs/<page>.md with the page's
front matter (less `template`, which names one of our overrides). Files the build makes that
are not pages (the guide results' QR codes) are written too, and the non-Markdown files of
docs/ are copied except our own stylesheets and scripts. OUT_DIR/mkdocs.yml is the reference:
Material with its default settings, the search plugin only, no custom_dir, no extra CSS or
JavaScript, the same Markdown extensions (they are the pages' syntax) and the same nav.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority

ROOT = Path(__file__).resolve().parent.parent
OWN_ASSETS = ("assets/stylesheets/", "assets/javascripts/")


class _Lenient(yaml.SafeLoader):
    """Reads mkdocs.yml's nav and markdown_extensions only; tags such as !ENV become None."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


class CaptureMarkdown(BasePlugin):
    def __init__(self, out_docs: Path):
        super().__init__()
        self.out_docs = out_docs

    @event_priority(-200)  # after mkdocs-macros and the project plugin (-100)
    def on_page_markdown(self, markdown, page, config, files):
        meta = {k: v for k, v in (page.meta or {}).items() if k != "template"}
        front = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n" if meta else ""
        dest = self.out_docs / page.file.src_uri
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(front + markdown, encoding="utf-8")
        return markdown

    @event_priority(-100)
    def on_files(self, files, config):
        for f in files:
            if f.generated_by and not f.src_uri.endswith(".md") and not f.src_uri.startswith(OWN_ASSETS):
                dest = self.out_docs / f.src_uri
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(f.content_bytes)
        return files


def reference_config(project_cfg: dict) -> dict:
    return {
        "site_name": project_cfg.get("site_name"),
        "site_url": project_cfg.get("site_url") or "https://after-car-t.example.org/",
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": {"name": "material"},
        "plugins": ["search"],
        "markdown_extensions": project_cfg.get("markdown_extensions", []),
        "nav": project_cfg.get("nav"),
    }


def main(out: Path) -> None:
    out_docs = out / "docs"
    if out_docs.exists():
        shutil.rmtree(out_docs)
    out_docs.mkdir(parents=True)
    docs = ROOT / "docs"
    for f in docs.rglob("*"):
        rel = f.relative_to(docs).as_posix()
        if f.is_file() and not rel.endswith(".md") and not rel.startswith(OWN_ASSETS):
            (out_docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, out_docs / rel)
    cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out / "capture-site"), strict=True)
    cfg.plugins["bench-capture-markdown"] = CaptureMarkdown(out_docs)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    raw = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lenient)
    (out / "mkdocs.yml").write_text(
        "# Bench reference (scripts/bench_markdown.py): plain Material, search only, our rendered pages.\n"
        + yaml.safe_dump(reference_config(raw), sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(f"{sum(1 for _ in out_docs.rglob('*.md'))} pages rendered to Markdown in {out_docs}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/bench_markdown.py OUT_DIR")
    main(Path(sys.argv[1]).resolve())
