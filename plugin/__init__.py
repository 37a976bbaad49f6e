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
- on_startup: the kind of build ("serve" is the preview; macros/content_security_policy.py).
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
  give the templates the page policy.
- on_post_page: the finished page uses no id twice.
- on_post_build: each redirect page gets its policy; sitemap.xml.gz without a time stamp.
"""
from __future__ import annotations

import html
from pathlib import Path

from markupsafe import Markup

from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from macros import content_security_policy as csp
from macros import assets, data_files, page_steps, previews, qr, redirect_stubs, result_pages, site_config, sitemap
from macros.checklists import ChecklistExtension
from macros.headings import HeadingExtension
from macros.context import BuildContext, new_build
from macros.errors import DataError, DataErrors
from macros.loading import read_text
from macros.rendering import reporting_template
from macros.term_markdown import TermExtension

NAME = "after-car-t"


def plain_text_filter(text) -> Markup:
    """Text for an HTML text node: &, < and > escaped (quotes need no escaping there)."""
    return Markup(html.escape(str(text), quote=False))


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

    def on_startup(self, *, command, dirty):
        self.kind = csp.build_kind(command)

    @event_priority(100)  # before mkdocs-macros, whose define_env takes the context
    def on_config(self, config):
        project = Path(config.config_file_path).resolve().parent
        docs = Path(config.docs_dir)
        settings = {"site_name": config.site_name, "site_url": config.site_url,
                    "site_description": config.site_description, "copyright": config.copyright,
                    "extra": dict(config.extra), "nav": config.nav}
        problems = site_config.config_problems(settings, Path(config.config_file_path).name)
        if problems:
            raise PluginError("The site's settings have a problem, so nothing was built.\n" + DataErrors(problems).message)
        try:
            ctx = new_build(project, docs, config.site_url or "", config.site_name, config.extra,
                            get_relative_url, self.kind)
        except (DataError, DataErrors) as e:
            raise PluginError("The guide's data has a problem, so nothing was built.\n" + str(e)) from None
        # Templates (the urgent-help banner) show the emergency number from get-help.yml too.
        emergency = ctx.data.get_help.lines["emergency"]
        config.extra["emergency"] = {"number": emergency.number, "dial": emergency.dial}
        try:
            config.markdown_extensions.append(TermExtension(ctx.matcher, ctx.data.words))
        except DataError as e:
            raise PluginError("The guide's data has a problem, so nothing was built.\n" + str(e)) from None
        config.markdown_extensions.append(ChecklistExtension())
        config.markdown_extensions.append(HeadingExtension())
        self.context = ctx
        self._template_class = reporting_template(ctx.report)
        # The site's own stylesheets and scripts, each joined into one fingerprinted file.
        try:
            self._bundles = assets.bundles([str(p) for p in config.extra_css], [str(p) for p in config.extra_javascript],
                                           docs, ctx.data.words)
        except DataError as e:
            raise PluginError(str(e)) from None
        except OSError as e:
            raise PluginError(f"mkdocs.yml, extra_css / extra_javascript: cannot read {e.filename}") from None
        config.extra_css = [b.path for b in self._bundles if b.path.endswith(".css")]
        config.extra_javascript = [b.path for b in self._bundles if b.path.endswith(".js")]
        return config

    def on_serve(self, server, *, config, builder):
        project = Path(config.config_file_path).resolve().parent
        for path in data_files.paths(project):
            server.watch(str(path))
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
        for page_file in files.documentation_pages():
            title = titles.get(page_file.src_uri) or config.site_name
            files.append(File.generated(config, previews.preview_path(page_file.url),
                                        content=previews.preview_png(title, config.site_name, tagline)))
        # The site's own stylesheets and scripts: only the joined files are published.
        for bundle in self._bundles:
            for part in bundle.parts:
                source = files.get_file_from_path(part)
                if source is not None:
                    files.remove(source)
            files.append(File.generated(config, bundle.path, content=bundle.content))
        return files

    # ---------------------------------------------------------------- pages

    @event_priority(100)  # before mkdocs-macros renders the page's macros
    def _start_page(self, markdown, *, page, config, files):
        ctx = self.context
        macros = config.plugins.get("macros")
        jinja = getattr(macros, "env", None)
        if jinja is not None:
            jinja.template_class = self._template_class
        if page.file.generated_by:  # a guide result's own page (on_files)
            source = page.file.content_string
        else:
            try:
                source = read_text(Path(page.file.abs_src_path), page.file.src_uri)
            except DataError:
                source = ""
        return page_steps.start(ctx, page.file.src_uri, page.url, source, markdown, page.meta, jinja)

    @event_priority(-100)  # after mkdocs-macros rendered them
    def _finish_page(self, markdown, *, page, config, files):
        try:
            return page_steps.finish(self.context, markdown, page.meta)
        except DataError as e:  # a text missing from strings.yml: reported with the others
            self.context.problems.append(self.context.page.error(e.message))
            return markdown

    on_page_markdown = CombinedEvent(_start_page, _finish_page)

    def on_page_context(self, context, *, page, config, nav):
        page.meta.update(page_steps.preview_meta(self.context, page.file.src_uri, page.url, page.meta,
                                                  page.canonical_url, config.site_name, config.site_description))
        # What a short address (a redirect page) says of the page it leads to.
        self._described[page.file.src_uri] = (page.meta.get("title") or page.title or config.site_name,
                                              page.meta.get("description") or config.site_description)
        return context

    def on_page_content(self, html, *, page, config, files):
        self.context.problems += page_steps.content_problems(self.context, html)
        if page is not None:
            page_steps.read_faq(html, page.meta)  # FAQPage JSON-LD (macros/previews.py)
        return html

    def on_env(self, env, *, config, files):
        problems = self.context.problems
        if problems:
            raise PluginError("The pages have problems, so nothing was built.\n" + DataErrors(problems).message)
        env.globals["content_security_policy"] = csp.policy_for(self.kind)
        # Words from strings.yml: {{ strings("site.urgent") | plain }} in text, | e in attributes.
        env.globals["strings"] = template_words(self.context.data.words)
        env.filters["plain"] = plain_text_filter
        return env

    def on_post_page(self, output, *, page, config):
        problem = page_steps.finished_page_problem(f"{Path(config['docs_dir']).name}/{page.file.src_uri}", output)
        if problem:
            raise PluginError(problem)
        return output

    @event_priority(-100)  # after mkdocs-redirects has written its pages, and after every plugin
    def on_post_build(self, *, config):
        redirects = config.plugins.get("redirects")
        if redirects is not None:
            for old, new in redirects.config.get("redirect_maps", {}).items():
                stub = Path(config.site_dir) / File(old, "", "", config.use_directory_urls).dest_path
                if not stub.is_file():
                    continue  # mkdocs-redirects warned that the target does not exist (a strict build stops)
                title, description = self._described.get(new.split("#")[0], (config.site_name, config.site_description))
                try:
                    page = redirect_stubs.describe_stub(stub.read_text(encoding="utf-8"), title, description,
                                                        self.context.data.words, config.site_name, config.site_url,
                                                        File(old, "", "", config.use_directory_urls).url)
                    stub.write_text(csp.protect_redirect_stub(page), encoding="utf-8")
                except ValueError as e:
                    raise PluginError(f"mkdocs.yml, redirects: the page written for '{old}' has an unexpected "
                                      f"shape ({e}); update macros/content_security_policy.py for this "
                                      "mkdocs-redirects version.") from None
        sitemap.rewrite_sitemap_gz(Path(config.site_dir))
