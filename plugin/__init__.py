"""The project's own MkDocs plugin (`after-car-t` in mkdocs.yml's plugins, installed with the
project by `make serve` / `make test`: pyproject.toml declares it): every build step that is not
a page macro, in one place, and the only module that speaks to MkDocs.

Why a plugin: MkDocs calls a plugin's events with the build's objects, and a plugin instance
holds the build's state (its BuildContext, macros/context.py) as an attribute, handed to the
macros explicitly (macros/__init__.py reads `config.plugins["after-car-t"].context`). Four
hooks files and mkdocs-macros' page hooks once did this through module globals, with the order
they ran in as a hidden contract. The logic lives in pure functions in macros/; each event
below only connects MkDocs to them. mkdocs-macros still provides the page macros.

Events, in the order MkDocs calls them:
- on_startup: the kind of build ("serve" is the preview; AFTER_CAR_T_OFFLINE=1, set by
  scripts/build.py --offline, the kiosk copy; macros/content_security_policy.py).
- on_config (first of all plugins): load and check every data file and page (one message with
  every problem), make the build's context, add the Markdown extensions that explain terms and
  name checkboxes.
- on_serve: the preview also watches every data file (macros/data_files.py).
- on_files: each guide result's own page (macros/result_pages.py) and its QR code file.
- on_page_markdown, before mkdocs-macros: start the page (macros/page_steps.py start);
  after mkdocs-macros: finish its Markdown (keywords, handout identity, Sources).
- on_page_content: check the page's own HTML (raw HTML that could run a script, ids twice);
  a questions page keeps its questions and answers for its FAQPage JSON-LD.
- on_env: stop with every problem found while pages rendered, before any file is written;
  give the templates the page policy and print_header_stylesheet().
- on_post_page: the finished page uses no id twice.
- on_post_build: each page's print header stylesheet (macros/print_header.py); each redirect
  page gets its policy (the code addresses' pages, macros/icd10.py, are written here, once each;
  mkdocs-redirects writes those of mkdocs.yml); sitemap.xml.gz without a time stamp; the hosting headers, _headers
  (macros/hosting_headers.py); last, Material's stylesheet reduced to the rules the built pages
  and scripts can use, and the site's own for pages other than handouts, each under a new
  name (macros/css_reduce.py).
The kiosk copy (offline kind) also: the vendored search shim and the frame-ready search worker
(on_config, on_files), folder links made index.html links and each page's policy allowing its
shim frame script (on_post_page), and the search index as a script (on_post_build); the pure
functions are in macros/offline_copy.py.
"""
from __future__ import annotations

import gc
import os
from pathlib import Path

from markupsafe import Markup

from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from macros import content_security_policy as csp
from macros import assets, center as center_copy, data_files, escaping, offline_copy, page_steps, previews, print_header, qr
from macros import page_cache, redirect_stubs, result_pages, search_view, site_config, sitemap, template_cache
from macros import center_numbers, css_reduce, feed, hosting_headers, icd10
from macros.checklists import ChecklistExtension
from macros.headings import HeadingExtension
from macros.context import BuildContext, new_build
from macros.errors import DataError, DataErrors
from macros.loading import read_text
from macros.rendering import compile_once, reporting_template
from macros.term_markdown import TermExtension

NAME = "after-car-t"
PDFS_VARIABLE = "AFTER_CAR_T_PDFS"  # set to 1 by scripts/build.py --pdfs


def plain_text_filter(text) -> Markup:
    """Text for an HTML text node (macros/escaping.py), marked safe for Jinja."""
    return Markup(escaping.html_text(text))


def team_number_filter(center, words):
    """The templates' `| with_team_number`: escaped text with the center's 24-hour number as a
    tel: link after "your care team's 24-hour number" (the same text without a number)."""
    numbers = center_numbers.Numbers(center, words)
    return lambda text: Markup(numbers.attach(str(text)))


def template_words(words):
    """strings() for the theme's templates: a text missing from strings.yml stops the build with
    its message (MkDocs shows a plugin's error without a traceback)."""
    def strings(key: str, **values) -> str:
        try:
            return words(key, **values)
        except DataError as e:
            raise PluginError(f"{e} (asked for by a template in overrides/)") from None
    return strings


def stop_build(message: str) -> None:
    """Stop the build with one plain message (MkDocs prints it without a traceback)."""
    raise PluginError(message)


class AfterCarTConfig(Config):
    pass


class AfterCarTPlugin(BasePlugin[AfterCarTConfig]):
    def __init__(self):
        super().__init__()
        self.kind = csp.SITE
        self.context: BuildContext | None = None
        self._described: dict[str, tuple[str, str]] = {}
        self._search_view: tuple[str, str] | None = None  # (the whole page, what search reads)
        self._print_headers: dict[str, str] = {}
        self._feed: list = []
        # A center's overlay file (examples/center/mkdocs.yml), set by scripts/mkdocs_overlay.py:
        # messages name it, and the center's logo and stylesheet are read from its folder.
        self.overlay: Path | None = None
        self.overlay_name: str | None = None
        self._center_files: list[tuple[str, Path]] = []
        # The site's joined script and the one without the questions builder (on_config).
        self._script: assets.Bundle | None = None
        self._lighter_script: assets.Bundle | None = None
        # The code addresses' redirect map (on_config) and every page's address (on_files).
        self._code_redirects: dict[str, str] = {}
        self._page_urls: dict[str, str] = {}
        self._command: str | None = None
        # The garbage collector: what is alive now (MkDocs, every library and this plugin's
        # modules, imported) lives as long as the process, so its full collections, one of them
        # while the other plugins load, need not walk it again (see on_pre_build).
        gc.freeze()

    def on_startup(self, *, command, dirty):
        self._command = command
        self.kind = csp.build_kind(command, offline=os.environ.get(offline_copy.ENV) == "1")

    @event_priority(100)  # before mkdocs-macros, whose define_env takes the context
    def on_config(self, config):
        project = Path(config.config_file_path).resolve().parent
        docs = Path(config.docs_dir)
        settings = {"site_name": config.site_name, "site_url": config.site_url,
                    "site_description": config.site_description, "copyright": config.copyright,
                    "extra": dict(config.extra), "nav": config.nav}
        folder = self.overlay.parent if self.overlay else project
        problems = site_config.config_problems(settings, self.overlay_name or Path(config.config_file_path).name, folder)
        if problems:
            raise PluginError("The site's settings have a problem, so nothing was built.\n" + DataErrors(problems).message)
        center = center_copy.center_of(config.extra)
        if center:  # the checked values (dates as dates, 'colours' as colors)
            config.extra["center"] = center = site_config.Center.model_validate(center).model_dump(exclude_none=True)
        if center.get("report_problem_url"):  # every "Report a mistake" link leads to the center
            config.extra["report_mistake_url"] = center["report_problem_url"]
        if center.get("logo"):
            logo = folder / center["logo"]
            self._center_files.append((center_copy.LOGO_PATH + logo.suffix.lower(), logo))
            config.theme["logo"] = center_copy.LOGO_PATH + logo.suffix.lower()
        try:
            ctx = new_build(project, docs, config.site_url or "", config.site_name, config.extra,
                            get_relative_url, self.kind)
        except (DataError, DataErrors) as e:
            raise PluginError("The guide's data has a problem, so nothing was built.\n" + str(e)) from None
        # Templates (the urgent-help banner) show the emergency number from get-help.yml too.
        emergency = ctx.data.get_help.lines["emergency"]
        config.extra["emergency"] = {"number": emergency.number, "dial": emergency.dial}
        ctx.site_author = config.site_author or ""  # handouts print who wrote them
        # Lookup by diagnosis code: connect/icd10/<code>/ leads to the code's page (macros/icd10.py).
        # on_post_build writes these stubs itself, once each, as mkdocs-redirects would and already
        # described (mkdocs-redirects wrote each, then this plugin read and wrote it again).
        self._code_redirects = {}
        if config.plugins.get("redirects") is not None:
            cancers = ctx.data.cancers.cancers.values()
            self._code_redirects = icd10.connect_redirects({c.id: c.codes for c in cancers},
                                                           {c.id: c.page for c in cancers})
        try:
            config.markdown_extensions.append(TermExtension(ctx.matcher, ctx.data.words))
        except DataError as e:
            raise PluginError("The guide's data has a problem, so nothing was built.\n" + str(e)) from None
        config.markdown_extensions.append(ChecklistExtension())
        config.markdown_extensions.append(HeadingExtension())
        # scripts/build.py --pdfs makes the handout PDFs after MkDocs: only then do pages link to them.
        ctx.pdfs = os.environ.get(PDFS_VARIABLE) == "1"
        self.context = ctx
        # Each page's macro output, kept between builds; a preview reads them but keeps none.
        self._page_macros = page_cache.PageMacros(keep_new=self._command != "serve")
        self._template_class = reporting_template(ctx.report, self._page_macros.replay)
        # The site's own stylesheets and scripts, each joined into one fingerprinted file.
        try:
            self._bundles = assets.bundles([str(p) for p in config.extra_css], [str(p) for p in config.extra_javascript],
                                           docs, ctx.data.words,
                                           center_copy.center_css(center, folder, ctx.data.words,
                                                                  config.extra.get("source_url") or config.site_url)
                                           + site_config.preview_paper_css(config.site_url, ctx.data.words))
            self._lighter_script = assets.lighter_bundle([str(p) for p in config.extra_javascript], docs, ctx.data.words)
        except DataError as e:
            raise PluginError(str(e)) from None
        except OSError as e:
            raise PluginError(f"mkdocs.yml, extra_css / extra_javascript: cannot read {e.filename}") from None
        self._script = next((b for b in self._bundles if b.path.endswith(".js")), None)
        config.extra_css = [b.path for b in self._bundles if b.path.endswith(".css")]
        config.extra_javascript = [b.path for b in self._bundles if b.path.endswith(".js")]
        if self.kind == csp.OFFLINE:
            self._offline_config(config, project)
        return config

    def _offline_config(self, config, project: Path) -> None:
        """The kiosk copy: Material's worker shim for file://, from kiosk/ (never a CDN)."""
        root = project if (project / offline_copy.SHIM_FILE).is_file() else Path(__file__).resolve().parent.parent
        shim = root / offline_copy.SHIM_FILE  # an overlay elsewhere: the kiosk/ beside this plugin
        try:
            self._shim = shim.read_text(encoding="utf-8")
            self._published_shim = offline_copy.published_shim(
                self._shim, (shim.parents[1] / "package.json").read_text(encoding="utf-8"),
                (shim.parents[1] / "LICENSE").read_text(encoding="utf-8"))
        except OSError:
            raise PluginError(f"The offline copy needs {offline_copy.SHIM_FILE} (the iframe-worker shim, "
                              "pinned in kiosk/package.json): run `make offline`, which installs it "
                              "with npm ci.") from None
        try:
            self._print_addresses = (root / offline_copy.PRINT_FILE).read_text(encoding="utf-8")
        except OSError as e:
            raise PluginError(f"The offline copy needs {offline_copy.PRINT_FILE}: cannot read it ({e.strerror}).") from None
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), offline_copy.SHIM_PATH,
                                     offline_copy.PRINT_PATH]

    def on_pre_build(self, *, config):
        # Every plugin is configured and the guide's data is loaded (about 60,000 objects that
        # live until the build ends): the collector stops walking them again in each full
        # collection (about 40 ms of CPU each) until the build ends (_end_build).
        gc.freeze()

    def on_build_error(self, *, error):
        self._end_build()

    def _end_build(self) -> None:
        """The build ended. `mkdocs build` ends with it: everything alive stays frozen, so the full
        collection Python makes on exit (about 35 ms of CPU) walks none of it. A preview (`mkdocs
        serve`) or an unknown caller goes on: the build's objects can be collected again."""
        if self._command in ("build", "gh-deploy"):
            gc.freeze()
        else:
            gc.unfreeze()

    def on_serve(self, server, *, config, builder):
        project = Path(config.config_file_path).resolve().parent
        for path in data_files.watched(project):
            server.watch(str(path))
        if self.overlay is not None:  # a center's overlay file, its logo and stylesheet
            server.watch(str(self.overlay.parent))
        return server

    def on_files(self, files, *, config):
        data = self.context.data
        outcomes = data.tree.outcomes()
        for path, svg in qr.result_qr_files({n.id: result_pages.page_url(n.id) for n in outcomes},
                                            config.site_url, data.words):
            files.append(File.generated(config, path, content=svg))
        # Each guide result on its own page, generated from decision-tree.yml; not in the menu.
        guide = next((p.meta for p in data.pages if p.path == f"docs/{result_pages.GUIDE_SRC}"), {})
        for n in outcomes:
            files.append(File.generated(config, result_pages.src_uri(n.id), inclusion=InclusionLevel.NOT_IN_NAV,
                                        content=result_pages.page_markdown(n, guide, data.words)))
        # What no page requests (source maps, lunr's other languages: 2.2 MB, 31% of the site).
        search = config.plugins.get("material/search")
        languages = search.config.lang if search is not None else []
        for path in sitemap.never_requested([f.src_uri for f in files], languages):
            files.remove(files.get_file_from_path(path))
        # A link-preview picture for every page, drawn from its title (macros/previews.py).
        titles = {p.path[len("docs/"):]: p.meta.get("title") for p in data.pages}
        titles.update({result_pages.src_uri(n.id): n.title for n in outcomes})
        tagline = data.words("previews.tagline")
        # A center's copy: its name above the title (center.py); the main guide's name otherwise.
        label = center_copy.preview_label(center_copy.center_of(config.extra), config.site_name)
        for page_file in files.documentation_pages():
            title = titles.get(page_file.src_uri) or config.site_name
            files.append(File.generated(config, previews.preview_path(page_file.url),
                                        content=previews.cached_preview_png(title, label, tagline)))
        # A center's logo, from its overlay's folder.
        for path, source in self._center_files:
            files.append(File.generated(config, path, content=source.read_bytes()))
        # The site's own stylesheets and scripts: only the joined files are published.
        for bundle in self._bundles:
            for part in bundle.parts:
                source = files.get_file_from_path(part)
                if source is not None:
                    files.remove(source)
            files.append(File.generated(config, bundle.path, content=bundle.content))
        if self._lighter_script is not None:  # for pages without a questions builder (assets.py)
            files.append(File.generated(config, self._lighter_script.path, content=self._lighter_script.content))
        if self.kind == csp.OFFLINE:
            worker = files.get_file_from_path(offline_copy.WORKER_PATH)
            try:
                content = offline_copy.frame_search_worker(worker.content_string)
            except offline_copy.OfflineError as e:
                raise PluginError(str(e)) from None
            files.remove(worker)
            files.append(File.generated(config, offline_copy.WORKER_PATH, content=content))
            files.append(File.generated(config, offline_copy.SHIM_PATH, content=self._published_shim))
            files.append(File.generated(config, offline_copy.PRINT_PATH, content=self._print_addresses))
        # The site's other scripts (search-on-demand.js, the search worker's wrapper except in the
        # kiosk copy, Material's two small page scripts as files) without comments and extra
        # white space.
        docs = Path(config.docs_dir)
        for script in [f for f in files if assets.own_script(f.src_uri) and not f.generated_by
                       and Path(f.src_dir) == docs]:
            files.remove(script)
            files.append(File.generated(config, script.src_uri, content=assets.minify_js(script.content_string)))
        self._page_urls = {f.src_uri: f.url for f in files.documentation_pages()}  # the code stubs' targets
        return files

    # ---------------------------------------------------------------- pages

    @event_priority(100)  # before mkdocs-macros renders the page's macros
    def _start_page(self, markdown, *, page, config, files):
        ctx = self.context
        macros = config.plugins.get("macros")
        jinja = getattr(macros, "env", None)
        if jinja is not None:
            jinja.template_class = self._template_class
            # The syntax check's compile serves the render too; a kept page is not compiled.
            compile_once(jinja, lambda source: self._page_macros.replaying(source))
        if page.file.generated_by:  # a guide result's own page (on_files)
            source = page.file.content_string
        else:
            try:
                source = read_text(Path(page.file.abs_src_path), page.file.src_uri)
            except DataError:
                source = ""
        kept = self._page_macros.look_up(ctx, jinja, page.file.src_uri, page.url, markdown,
                                         dict(macros.config) if macros is not None else {})
        # A kept page's macro syntax was checked when it was kept (a page with a mistake is never kept).
        markdown = page_steps.start(ctx, page.file.src_uri, page.url, source, markdown, page.meta,
                                    None if kept else jinja)
        self._page_macros.start(ctx)
        return markdown

    @event_priority(-100)  # after mkdocs-macros rendered them
    def _finish_page(self, markdown, *, page, config, files):
        self._page_macros.finish(self.context, markdown)
        try:
            return page_steps.finish(self.context, markdown, page.meta)
        except DataError as e:  # a text missing from strings.yml: reported with the others
            self.context.problems.append(self.context.page.error(e.message))
            return markdown

    on_page_markdown = CombinedEvent(_start_page, _finish_page)

    @event_priority(1)  # before Material's search reads the page (it reads the view below)
    def _page_context(self, context, *, page, config, nav):
        # The partner feed's entry for this page (macros/feed.py), written by on_post_build.
        cancers = self.context.data.cancers
        of = (cancers.of_node(page.meta["guide_result_id"]) if page.meta.get("guide_result_id")
              else next((c for c in cancers.cancers.values() if c.page == page.file.src_uri), None))
        cancer = (of.id, of.name) if of is not None else None
        self._feed.append(feed.entry(page.canonical_url or config.site_url, page.meta.get("title") or page.title or "",
                                     page.meta.get("description") or "", page.content or "",
                                     "handout" if page.meta.get("handout") else
                                     "result" if page.meta.get("guide_result_id") else "page", cancer, page.meta,
                                     config.theme["language"],
                                     [c.code for c in of.codes] if of is not None and not page.meta.get("guide_result_id")
                                     and not page.meta.get("handout") else None))
        page.meta.update(page_steps.preview_meta(self.context, page.file.src_uri, page.url, page.meta,
                                                  page.canonical_url, config.site_name, config.site_description))
        page.meta.update(page_steps.center_meta(self.context, page.file.src_uri, page.meta))
        # What a short address (a redirect page) says of the page it leads to.
        self._described[page.file.src_uri] = (page.meta.get("title") or page.title or config.site_name,
                                              page.meta.get("description") or config.site_description)
        # Material's search reads the page without what it leaves out anyway (macros/search_view.py).
        self._search_view = None
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and search.config.get("enabled", True):
            view = search_view.search_view(page.content or "")
            if view is not None:
                self._search_view = (page.content, view)
                page.content = view
        return context

    @event_priority(-1)  # right after Material's search read the view: the whole page again
    def _after_search(self, context, *, page, config, nav):
        if self._search_view is not None:
            whole, view = self._search_view
            self._search_view = None
            try:
                page.content = search_view.after_search(whole, view, page.content)
            except search_view.SearchChanged as e:
                raise PluginError(f"docs/{page.file.src_uri}: {e} (Material for MkDocs changed?); "
                                  "update macros/search_view.py.") from None
        return context

    on_page_context = CombinedEvent(_page_context, _after_search)

    def on_page_content(self, html, *, page, config, files):
        html = page_steps.with_team_number(self.context, html)  # data texts' "24-hour number"
        self.context.problems += page_steps.content_problems(self.context, html)
        if page is not None:
            page_steps.read_faq(html, page.meta)  # FAQPage JSON-LD (macros/previews.py)
        return html

    def on_env(self, env, *, config, files):
        problems = self.context.problems
        if problems:
            raise PluginError("The pages have problems, so nothing was built.\n" + DataErrors(problems).message)
        template_cache.use_for(env)  # the theme's templates, compiled in an earlier build (.cache/jinja/)
        env.globals["content_security_policy"] = csp.policy_for(self.kind)
        # Words from strings.yml: {{ strings("site.urgent") | plain }} in text, | e in attributes.
        env.globals["strings"] = template_words(self.context.data.words)
        env.filters["plain"] = plain_text_filter
        self._print_headers = {}
        env.globals["print_header_stylesheet"] = self._print_header_stylesheet
        # A center's 24-hour number after "your care team's 24-hour number" (the banner, print, 404).
        env.filters["with_team_number"] = team_number_filter(self.context.extra.get("center"), self.context.data.words)
        # A center's copy: its name, reviewer line and attribution (empty for the main guide).
        extra = self.context.extra
        env.globals["center"] = center_copy.template_values(center_copy.center_of(extra), self.context.data.words,
                                                            extra.get("source_url") or self.context.site_url)
        return env

    def _print_header_stylesheet(self, name: str, title: str, page_url: str | None, footer: str = "") -> str:
        """The page's printed running header (and a handout's footer), a stylesheet written by on_post_build."""
        css = print_header.print_header_css(name, title, footer)
        path = print_header.print_header_path(page_url, css)
        self._print_headers[path] = css
        return path

    def on_post_page(self, output, *, page, config):
        problem = page_steps.finished_page_problem(f"{Path(config['docs_dir']).name}/{page.file.src_uri}", output)
        if problem:
            raise PluginError(problem)
        if self._script is not None:
            output = assets.with_lighter_script(output, self._script, self._lighter_script)
        if self.kind == csp.OFFLINE:
            output = self._offline_page(output, page.file.src_uri)
        return output

    def _offline_page(self, output: str, src_uri: str) -> str:
        """A kiosk page: folder links lead to index.html; its policy allows its shim frame script."""
        try:
            frame = offline_copy.shim_frame_script(self._shim, offline_copy.worker_url_of(output))
            output = offline_copy.replace_policy(output, csp.policy_meta(csp.offline_policy([frame])))
        except offline_copy.OfflineError as e:
            raise PluginError(f"docs/{src_uri}: {e}") from None
        return offline_copy.rewrite_links(output)

    def _write_stub(self, stub: Path, written: str, old: str, new: str, url: str, stubs: dict, config) -> None:
        """A redirect page as mkdocs-redirects writes it (`written`), described as its target
        (macros/redirect_stubs.py), with its policy, written to `stub`; its script kept in `stubs`."""
        title, description = self._described.get(new.split("#")[0], (config.site_name, config.site_description))
        try:
            page = redirect_stubs.describe_stub(written, title, description, self.context.data.words,
                                                config.site_name, config.site_url, url)
            if self.kind == csp.OFFLINE:
                page = offline_copy.redirect_stub(page)
            stub.write_text(csp.protect_redirect_stub(page), encoding="utf-8")
            stubs[url] = csp.stub_script(page)
        except ValueError as e:
            raise PluginError(f"mkdocs.yml, redirects: the page written for '{old}' has an unexpected "
                              f"shape ({e}); update macros/content_security_policy.py for this "
                              "mkdocs-redirects version.") from None

    @event_priority(-100)  # after mkdocs-redirects has written its pages, and after every plugin
    def on_post_build(self, *, config):
        for path, css in self._print_headers.items():
            out = Path(config.site_dir) / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(css, encoding="utf-8")
        stubs: dict[str, str] = {}  # each stub's address -> its one inline script
        redirects = config.plugins.get("redirects")
        if redirects is not None:
            for old, new in redirects.config.get("redirect_maps", {}).items():  # mkdocs.yml's, as written
                address = File(old, "", "", config.use_directory_urls)
                stub = Path(config.site_dir) / address.dest_path
                if not stub.is_file():
                    continue  # mkdocs-redirects warned that the target does not exist (a strict build stops)
                self._write_stub(stub, stub.read_text(encoding="utf-8"), old, new, address.url, stubs, config)
        for old, new in self._code_redirects.items():  # the code addresses: written here only, once each
            address = File(old, "", "", config.use_directory_urls)
            try:
                written = redirect_stubs.mkdocs_redirects_page(old, new, self._page_urls, config.use_directory_urls)
            except KeyError:
                raise PluginError(f"cancers.yml: connect/icd10 address '{old}' leads to '{new}', which is not a "
                                  "page of the site.") from None
            stub = Path(config.site_dir) / address.dest_path
            stub.parent.mkdir(parents=True, exist_ok=True)
            self._write_stub(stub, written, old, new, address.url, stubs, config)
        sitemap.rewrite_sitemap_gz(Path(config.site_dir))
        # The partner feed and its JSON Schema (macros/feed.py; the "For cancer centers" page).
        folder = Path(config.site_dir) / feed.FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        (Path(config.site_dir) / feed.PAGES).write_text(
            feed.feed_json(self._feed, config.site_name, config.site_url, self.context.data.words("feed.license")),
            encoding="utf-8")
        (Path(config.site_dir) / feed.SCHEMA).write_text(feed.schema_json(), encoding="utf-8")
        # Lookup by diagnosis code (macros/icd10.py): feed/v1/codes.json and its schema.
        for rel, text in feed.code_files(self._feed, {c.id: c.codes for c in self.context.data.cancers.cancers.values()},
                                         self.context.data.sources, config.site_url or "").items():
            (Path(config.site_dir) / rel).write_text(text, encoding="utf-8")
        # Hosting headers (_headers) for hosts that read it, from the same policies (README).
        if self.kind == csp.SITE:
            center = config.extra.get("center") or {}
            (Path(config.site_dir) / hosting_headers.FILE).write_text(
                hosting_headers.headers_file(hosting_headers.rules(stubs, center.get("frame_ancestors"),
                                                                  (icd10.CONNECT + "/",))), encoding="utf-8")
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.kind == csp.OFFLINE and index.is_file():
            text, script = offline_copy.search_index(index.read_text(encoding="utf-8"))
            index.write_text(text, encoding="utf-8")
            index.with_suffix(".js").write_text(script, encoding="utf-8")
        # Material's stylesheet without the rules no page can use (macros/css_reduce.py), last:
        # it reads every page and script as written.
        css_reduce.reduce_site(Path(config.site_dir))
        self._end_build()
