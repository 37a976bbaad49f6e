"""Preview the site while editing (`make serve`): MkDocs' own live-reload server, strict build,
plus two things editors need.

- When a build fails, every page of the preview shows the error: the same message as the
  terminal, with the live-reload script, so the browser reloads on the next save and shows
  the site again once the build is good. (Plain `mkdocs serve` leaves the browser waiting for a
  build that never comes, with the error only in the terminal.)
- A port already in use gets a plain message saying how to choose another one.
- An address no page can have (a control character such as a NUL byte, a live-reload number of
  more than 20 digits) gets a plain "400 Bad Request" instead of a 500 and a traceback in the
  terminal (MkDocs' own server raises on both).

    python scripts/serve.py [--port 8000] [--host 127.0.0.1] [--config-file mkdocs.yml]

This mirrors mkdocs.commands.serve.serve() (MkDocs 1.6.1); the differences are marked "Preview:".
"""
from __future__ import annotations

import argparse
import errno
import html
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

from mkdocs.__main__ import State  # noqa: E402  (MkDocs' own terminal output)
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import MkDocsException  # noqa: E402
from mkdocs.livereload import LiveReloadServer, _serve_url  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from macros import data_files  # noqa: E402
from macros.content_security_policy import policy_meta, preview_policy, script_hash  # noqa: E402
from macros.hosting_headers import with_directives  # noqa: E402

log = logging.getLogger("mkdocs.commands.serve")

# The error page's one inline style, allowed by its hash (the site's policy allows no inline style).
ERROR_STYLE = """
body { font: 1.1rem/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
pre { white-space: pre-wrap; background: #fff4f4; border-left: 0.3rem solid #b00020; padding: 1rem; }
"""
ERROR_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
{policy}
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Preview: the build failed</title>
<style>{style}</style>
</head>
<body>
<main>
<h1>The preview could not be built</h1>
<p>Fix what the message names and save the file: this page reloads by itself and shows the
site again once the build works. The same message is in the terminal running the preview.</p>
<pre>{message}</pre>
</main>
</body>
</html>
"""


def error_page(message: str) -> bytes:
    """The page every request gets while the build is broken (the message escaped as text)."""
    policy = with_directives(preview_policy(), style_src=f"'self' {script_hash(ERROR_STYLE)}")
    return ERROR_PAGE.format(policy=policy_meta(policy), style=ERROR_STYLE, message=html.escape(message)).encode("utf-8")


def failure_message(error: BaseException) -> str:
    """MkDocs' own errors as their message; anything else is a bug, shown with its traceback."""
    if isinstance(error, MkDocsException):
        return error.format_message()
    return ("Unexpected error (a bug in the build: please report it):\n"
            + "".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip())


def port_message(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (f"Port {port} on {host} is already in use (is another preview running?).\n"
                f"Stop the other program, or choose another port: make serve PORT={port + 1}\n"
                f"(or: python scripts/serve.py --port {port + 1}).")
    return (f"Cannot serve on {host}:{port}: {error.strerror or error}.\n"
            f"Choose another port with make serve PORT=8001, or check the address.")


class _Collect(logging.Handler):
    """Keeps the warning and error lines of one build, formatted as MkDocs prints them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


CONTROL = re.compile(r"[\x00-\x1f\x7f]")
LIVERELOAD = re.compile(r"/livereload/([0-9]+)/([0-9]+)")
MAX_DIGITS = 20  # MkDocs' live-reload numbers are milliseconds and request counters


def bad_address(path_info: str) -> str | None:
    """Why a request's path (PATH_INFO, decoded as MkDocs decodes it) is no address of the
    preview, or None. MkDocs would raise on these (open() on a NUL byte, int() on more than
    4,300 digits) and answer 500 with a traceback."""
    path = path_info.encode("latin-1", "replace").decode("utf-8", "ignore")
    if CONTROL.search(path):
        return "the address holds a control character (such as a NUL byte, %00)"
    m = LIVERELOAD.fullmatch(path)
    if m and max(len(m[1]), len(m[2])) > MAX_DIGITS:
        return f"a live-reload number longer than {MAX_DIGITS} digits"
    return None


class PreviewServer(LiveReloadServer):
    """Preview: while `error` is set, every request gets the error page (with live reload)."""

    error: str | None = None
    _bound = False

    def bind_now(self) -> None:
        """Take the port before the first build, so a busy port is reported at once."""
        super().server_bind()
        super().server_activate()
        self._bound = True

    def server_bind(self) -> None:
        if not self._bound:
            super().server_bind()

    def server_activate(self) -> None:
        if not self._bound:
            super().server_activate()

    def _serve_request(self, environ, start_response):
        problem = bad_address(environ.get("PATH_INFO", ""))
        if problem is not None:
            body = f"400 Bad Request: {problem}.\n".encode("utf-8")
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8"),
                                               ("Content-Length", str(len(body)))])
            return [body]
        if not environ["PATH_INFO"].startswith("/livereload/"):
            with self._epoch_cond:  # as MkDocs does: never answer during a rebuild
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch, error = self._visible_epoch, self.error
            if error is not None:
                body = self._inject_js_into_html(error_page(error), epoch)
                start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                             ("Content-Length", str(len(body)))])
                return [body]
        return super()._serve_request(environ, start_response)


def serve(config_file: str, host: str, port: int) -> int:
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    serve_url = _serve_url(host, port, "/")
    server: PreviewServer | None = None
    started: list = []  # the first config that loaded: its plugins get the startup/serve events
    watched: set[str] = set()

    def get_config():
        config = load_config(config_file=config_file, site_dir=site_dir, strict=True,
                             dev_addr=f"{host}:{port}")
        config.site_url = serve_url
        return config

    def watch(config) -> None:
        paths = [config.docs_dir, config.config_file_path, *config.watch]
        for path in paths:
            if path and path not in watched:
                watched.add(path)
                server.watch(path)

    def builder(config=None) -> None:
        """Preview: a failed build is kept as the server's error instead of raised."""
        log.info("Building documentation...")
        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        try:
            if config is None:
                config = get_config()
            if not started:
                config.plugins.on_startup(command="serve", dirty=False)
                started.append(config)
                config.plugins.on_serve(server, config=config, builder=builder)
            watch(config)
            build(config, serve_url=serve_url)
            server.error = None
        except Exception as e:
            log.error(failure_message(e))
            server.error = "\n".join(collect.lines)
            log.info("The preview shows this message on every page until the next good save.")
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)

    server = PreviewServer(builder=builder, host=host, port=port, root=site_dir)

    def error_handler(code) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_handler
    try:
        try:
            server.bind_now()
        except OSError as e:
            print(port_message(host, port, e), file=sys.stderr)
            return 1
        builder()
        if not watched:  # mkdocs.yml could not be read: watch what an editor most likely fixes
            for path in (Path(config_file), Path(config_file).parent / "docs", *data_files.watched(Path(config_file).parent)):
                if path.exists():
                    watched.add(str(path))
                    server.watch(str(path))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
        return 0
    finally:
        if started:
            started[0].plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1-65535), e.g. 8001")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=_port, default=8000)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--config-file", default=str(ROOT / "mkdocs.yml"))
    args = ap.parse_args(argv)
    _terminal = State()  # noqa: F841  MkDocs' log format and level in the terminal
    signal.signal(signal.SIGTERM, _stop_serving)
    try:
        return serve(args.config_file, args.host, args.port)
    except KeyboardInterrupt:  # during the first build
        return 130


def _stop_serving(signum, frame):
    """SIGTERM stops the preview as Ctrl-C does (the temporary site is removed)."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
