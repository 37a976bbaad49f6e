"""Each page's macro output kept between builds (macros/build_cache.py: .cache/pages/): the
Markdown mkdocs-macros gives for a page, and the page's citation numbering and counters after
its macros ran (page_steps.finish writes the Sources list from them). A later build with the
same inputs takes them instead of running the page's macros again (about 1 ms of CPU a page).

An entry is named by everything the page's macros can read:
- the site data's inputs (site_data.inputs_digest): every data file (strings.yml too), every
  file under docs/ (the page's Markdown and front matter, the other pages' front matter),
  reviews/, the code of macros/, the day (review dates fall due), Python's, pydantic's and
  PyYAML's versions;
- the Markdown the macros render (a guide result's page is made from the data) and the page's
  place (its file and address: links are made relative to it);
- the build's values from mkdocs.yml (site_url, site_name, site_author, every `extra` value,
  a center overlay's among them), the kind of build and whether it makes PDFs;
- the code of plugin/, the page macros' names, the versions of MkDocs (relative links),
  mkdocs-macros, Jinja, MarkupSafe and Python-Markdown, and the Jinja environment's fingerprint.
  (What the site data holds from other libraries, such as phonenumbers' forms of a help line's
  number, is named as the kept site data names it: site_data.inputs_digest.)

Only a page whose template uses nothing but the site's own page macros is kept: no other
variable (page, config, git, now() of mkdocs-macros...), no filter or test, no include or
import; and only when its macros reported no problem. AFTER_CAR_T_NO_CACHE=1 keeps nothing.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import build_cache, template_cache
from .context import BuildContext

FOLDER_NAME = "pages"
_PLUGIN_CODE = Path(__file__).resolve().parent.parent / "plugin" / "__init__.py"
_FORMAT = "after-car-t page macros 1"


@functools.cache
def _versions() -> tuple[str, ...]:
    from importlib import metadata

    import markdown
    import markupsafe
    import mkdocs
    return (mkdocs.__version__, metadata.version("mkdocs-macros-plugin"), jinja2.__version__, markupsafe.__version__,
            markdown.__version__,  # glossary.py reads its placeholders
            build_cache.code_digest(_PLUGIN_CODE) if _PLUGIN_CODE.is_file() else "no plugin file")


def entry_name(ctx: BuildContext, env: jinja2.Environment, src_uri: str, url: str, markdown: str,
               settings: dict) -> str:
    """The kept entry's file name for this page's macros rendering `markdown` in this build
    (`settings`: mkdocs-macros' own, from mkdocs.yml)."""
    return build_cache.key(_FORMAT, ctx.inputs, src_uri, url, markdown, ctx.site_url, ctx.site_name,
                           ctx.site_author, repr(ctx.extra), ctx.kind, ctx.pdfs, sorted(ctx.macro_names),
                           repr(sorted(settings.items())), template_cache._fingerprint_now(env),
                           *_versions()) + ".json"


@dataclass
class Kept:
    """What the page's macros gave: their Markdown, and the page's state after them."""
    markdown: str
    order: list[str]
    term_count: int
    figure_count: int
    picture_count: int

    def to_bytes(self) -> bytes:
        return json.dumps({"markdown": self.markdown, "order": self.order, "term_count": self.term_count,
                           "figure_count": self.figure_count, "picture_count": self.picture_count},
                          ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> "Kept":
        raw = json.loads(data.decode("utf-8"))
        kept = cls(raw["markdown"], raw["order"], raw["term_count"], raw["figure_count"], raw["picture_count"])
        if not (isinstance(kept.markdown, str) and isinstance(kept.order, list)
                and all(isinstance(s, str) for s in kept.order)
                and all(type(n) is int for n in (kept.term_count, kept.figure_count, kept.picture_count))):
            raise ValueError("not a kept page")
        return kept


def _whole(data: bytes) -> bool:
    try:
        Kept.from_bytes(data)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return False
    return True


def only_page_macros(env: jinja2.Environment, markdown: str, names: frozenset) -> bool:
    """Whether the template `markdown` uses only the page macros `names`: no other variable, no
    filter or test, no include, import or extends (then its output depends only on the entry's name)."""
    if not names or template_cache.may_fold_filters(env, markdown):
        return False
    try:
        ast = env.parse(markdown)
    except jinja2.TemplateSyntaxError:
        return False
    if any(True for _ in ast.find_all((jinja2.nodes.Filter, jinja2.nodes.Test, jinja2.nodes.Include,
                                       jinja2.nodes.Import, jinja2.nodes.FromImport, jinja2.nodes.Extends))):
        return False
    # Every name the template reads, even one it sets itself (a name set after it is read would
    # first be looked up among the variables and globals), and not jinja2.meta's
    # find_undeclared_variables, which leaves out the environment's globals: mkdocs-macros puts
    # its own macros (now()...) there, beside the page macros.
    return all(node.name in names for node in ast.find_all(jinja2.nodes.Name) if node.ctx == "load")


class PageMacros:
    """One build's kept macro output. look_up() and start() before mkdocs-macros renders a page,
    replay() from the template's render (the kept Markdown, once, instead of rendering), finish()
    after. A kept page's template is neither checked nor compiled again (replaying()): it was
    compiled without a mistake when it was kept, from the same text in the same environment."""

    def __init__(self, folder: Path | None = None, keep_new: bool = True):
        """`keep_new`: keep what pages render (False in a preview: each save of a data file or
        page changes every entry's name, so what it kept would only fill the folder)."""
        self.folder = folder or build_cache.FOLDER / FOLDER_NAME
        self.keep_new = keep_new
        self._found: Kept | None = None
        self._source: str | None = None
        self._replay: str | None = None
        self._pending: tuple | None = None
        self.renders = 0

    def look_up(self, ctx: BuildContext, env: jinja2.Environment | None, src_uri: str, url: str, markdown: str,
                settings: dict) -> bool:
        """Before the page starts: whether its macros' output for `markdown` is kept (`settings`:
        mkdocs-macros' own)."""
        self._found, self._source, self._replay, self._pending, self.renders = None, None, None, None, 0
        if env is None or not markdown or not ctx.inputs:
            return False
        name = entry_name(ctx, env, src_uri, url, markdown, settings)
        found: list[Kept] = []

        def whole(data: bytes) -> bool:
            try:
                found.append(Kept.from_bytes(data))
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                return False
            return True
        data = build_cache.kept(self.folder, name, whole)
        if data is None:
            self._pending = (name, env, markdown, len(ctx.problems))
            return False
        self._found = found[0] if found else Kept.from_bytes(data)  # read now, or kept in memory
        self._source = markdown
        return True

    def start(self, ctx: BuildContext) -> None:
        """The page started (ctx.page is new): a kept page gets its state, and its output is replayed."""
        kept, page = self._found, ctx.page
        if page is None:
            self._pending = None
        if kept is None or page is None:
            return
        page.tracker.order = list(kept.order)
        page.term_count, page.figure_count, page.picture_count = kept.term_count, kept.figure_count, kept.picture_count
        self._replay = kept.markdown

    def replaying(self, source: str) -> bool:
        """Whether `source` is the kept page's template, about to be replayed (not compiled)."""
        return self._replay is not None and source == self._source

    def replay(self) -> str | None:
        """The kept Markdown for the page's render (once), or None: render it."""
        self.renders += 1
        out, self._replay = self._replay, None
        return out

    def finish(self, ctx: BuildContext, rendered: str) -> None:
        """The page's macros ran: keep what they gave, if the page may be kept."""
        pending, self._pending = self._pending, None
        if pending is None or self.renders != 1 or not self.keep_new:
            return
        name, env, markdown, problems = pending
        page = ctx.page
        if len(ctx.problems) != problems or not only_page_macros(env, markdown, ctx.macro_names):
            return
        build_cache.keep(self.folder, name, Kept(rendered, list(page.tracker.order), page.term_count,
                                                 page.figure_count, page.picture_count).to_bytes())
