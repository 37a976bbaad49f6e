"""Real builds without starting a new Python each time.

`run(cmd, cwd=..., env=..., timeout=...)` is `subprocess.run(cmd, cwd=..., env=..., timeout=...,
capture_output=True, text=True)` for the two command shapes the tests use to build,
`[python, "-m", module, *args]` and `[python, script.py, *args]`: same exit status, same stdout
and stderr (a Python traceback printed as the interpreter prints it), same hang guard
(subprocess.TimeoutExpired, the build killed). The difference is where the process comes from:
a small server (this file run as a script, one per test process) has imported the third-party
libraries a build needs (MkDocs, Material, Markdown, pydantic...) once, and forks a fresh child
for every build. The child is a new process that has done nothing yet: it changes to `cwd`,
takes `env`, sets sys.argv and sys.path[0] as `python -m` or `python script.py` would, and runs
the module or script as __main__. The project's own modules (macros, plugin, the hooks, the
scripts) are never preloaded, so each build imports them from its own copy of the project, as
a new interpreter would. Starting Python and importing those libraries is most of the cost of
a build that stops early, which is what most of the corpus does.

Anything else (another program, a different interpreter, interpreter options, an environment
that changes how Python starts) falls back to subprocess.run itself.
tests/test_build_runner.py proves the two give the same answers."""
from __future__ import annotations

import atexit
import json
import locale
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

# Third-party libraries every build imports anyway, even one that stops at the first data file
# (never the project's own modules; tests/test_build_runner.py checks it). One missing here is
# simply imported by the build itself.
PRELOAD = [
    "click", "jinja2", "markupsafe", "yaml", "yaml_env_tag", "mergedeep", "pathspec", "packaging", "markdown",
    "markdown.extensions.toc", "markdown.extensions.tables", "markdown.extensions.attr_list",
    "markdown.extensions.md_in_html", "markdown.extensions.footnotes", "markdown.extensions.abbr",
    "markdown.extensions.admonition", "markdown.extensions.def_list", "markdown.extensions.codehilite",
    "markdown.extensions.fenced_code", "pygments", "pygments.lexers", "pygments.formatters.html",
    "mkdocs", "mkdocs.config", "mkdocs.config.defaults", "mkdocs.commands.build", "mkdocs.structure.files",
    "mkdocs.structure.pages", "mkdocs.structure.nav", "mkdocs.theme", "mkdocs.plugins", "mkdocs.utils",
    "material", "material.plugins.search.plugin", "material.plugins.tags.plugin",
    "mkdocs_macros", "mkdocs_macros.plugin", "mkdocs_redirects.plugin",
    "pymdownx", "pymdownx.details", "pymdownx.highlight", "pymdownx.quotes", "pymdownx.saneheaders",
    "pymdownx.slugs", "pymdownx.smartsymbols", "pymdownx.superfences", "pymdownx.tasklist",
    "pydantic", "pydantic_core", "phonenumbers", "ahocorasick", "selectolax", "requests", "babel",
    "dateutil", "backrefs", "termcolor", "hjson", "super_collections",
]
# Variables that change how Python itself starts: a build with other values runs as a subprocess.
_STARTUP = ("PYTHON", "LC_", "LANG")


def _startup_env(env: dict) -> dict:
    return {k: v for k, v in env.items() if k.startswith(_STARTUP)}


# ---------------------------------------------------------------- the server (run as a script)

def _child(request: dict) -> None:
    """In the forked child: become `python -m module ...` or `python script ...`; never returns."""
    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            out = os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(out, fd)
            os.close(out)
        import builtins
        import importlib.machinery
        import io
        import runpy
        import types
        args = request["args"]
        try:
            if args[0] == "-m":
                sys.argv = [args[1], *args[2:]]
                sys.path.insert(0, os.getcwd())
                runpy._run_module_as_main(args[1], alter_argv=True)  # what `python -m` calls
            else:
                sys.argv = list(args)  # as the interpreter runs a script: __main__, absolute __file__
                path = os.path.abspath(args[0])
                sys.path.insert(0, os.path.dirname(os.path.realpath(path)))
                main = types.ModuleType("__main__")
                main.__dict__.update(__file__=path, __cached__=None, __builtins__=builtins,
                                     __loader__=importlib.machinery.SourceFileLoader("__main__", path))
                sys.modules["__main__"] = main
                with io.open_code(path) as source:
                    exec(compile(source.read(), path, "exec"), main.__dict__)
            code = 0
        except SystemExit as exit_:  # as the interpreter ends on sys.exit()
            if exit_.code is None:
                code = 0
            elif isinstance(exit_.code, int):
                code = exit_.code & 0xFF
            else:
                print(exit_.code, file=sys.stderr)
                code = 1
        except BaseException:  # as the interpreter prints an uncaught exception: from the first
            kind, error, tb = sys.exc_info()  # frame the interpreter itself would show
            while tb is not None and tb.tb_frame.f_code.co_filename == _child.__code__.co_filename:
                tb = tb.tb_next
            sys.excepthook(kind, error.with_traceback(tb), tb)
            code = 1
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
    finally:
        os._exit(code)


def _preload() -> None:
    del sys.path[0]  # this file's folder (tests/) is no part of a build's path
    for name in PRELOAD:
        try:
            __import__(name)
        except Exception:
            pass


def _serve() -> None:
    _preload()
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # nothing a library prints at import time can reach the answers
    answers.write("ready\n")
    answers.flush()
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            answers.close()
            _child(request)
        answers.write(json.dumps({"pid": pid}) + "\n")
        answers.flush()
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"status": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()


# ---------------------------------------------------------------- the client

class _Server:
    def __init__(self):
        self.env = dict(os.environ)
        self.proc = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     bufsize=0, env=self.env, cwd=tempfile.gettempdir())
        assert self._line() == "ready", "the build server did not start"

    def _line(self) -> str:
        """One answer line, read byte by byte (no buffer, so select() sees what is left)."""
        line = b""
        while not line.endswith(b"\n"):
            byte = os.read(self.proc.stdout.fileno(), 1)
            assert byte, "the build server stopped"
            line += byte
        return line.decode().strip()

    def ask(self, request: dict) -> None:
        self.proc.stdin.write((json.dumps(request) + "\n").encode())

    def answer(self, deadline: float | None) -> dict | None:
        import time
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not select.select([self.proc.stdout], [], [], wait)[0]:
            return None
        return json.loads(self._line())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


_server: _Server | None = None
_lock = threading.Lock()


def _decode(data: bytes) -> str:
    """As subprocess.run(text=True) decodes: the locale's encoding, universal newlines."""
    text = data.decode(locale.getpreferredencoding(False))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def forkable(cmd: list, cwd, env: dict) -> bool:
    """A command this runner gives the same answer for: this Python, `-m module` or an existing
    script, and the environment Python started with here."""
    if len(cmd) < 2 or cmd[0] != sys.executable or _startup_env(env) != _startup_env(dict(os.environ)):
        return False
    if cmd[1] == "-m":
        return len(cmd) >= 3 and not cmd[2].startswith("-")
    return not cmd[1].startswith("-") and (Path(cwd or os.getcwd()) / cmd[1]).is_file()


def run(cmd: list, cwd=None, env: dict | None = None, timeout: float | None = None) -> subprocess.CompletedProcess:
    """subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, capture_output=True, text=True)."""
    import time
    global _server
    cmd = [str(c) for c in cmd]
    env = dict(os.environ if env is None else env)
    if not forkable(cmd, cwd, env):
        return subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, capture_output=True, text=True)
    with _lock, tempfile.TemporaryDirectory(prefix="build-runner-") as tmp:
        if _server is None or _server.proc.poll() is not None:
            _server = _Server()
        out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
        request = {"args": cmd[1:], "cwd": str(Path(cwd or os.getcwd()).resolve()), "env": env,
                   "stdout": str(out), "stderr": str(err)}
        deadline = None if timeout is None else time.monotonic() + timeout
        _server.ask(request)
        pid = _server.answer(None)["pid"]
        done = _server.answer(deadline)
        if done is None:  # the hang guard: kill the build, as subprocess.run does
            os.kill(pid, signal.SIGKILL)
            _server.answer(None)
            raise subprocess.TimeoutExpired(cmd, timeout, _decode(out.read_bytes()), _decode(err.read_bytes()))
        return subprocess.CompletedProcess(cmd, done["status"], _decode(out.read_bytes()), _decode(err.read_bytes()))


def stop() -> None:
    global _server
    with _lock:
        if _server is not None:
            _server.close()
            _server = None


atexit.register(stop)

if __name__ == "__main__":
    if sys.argv[1:] == ["--list-preloaded"]:  # what the server holds before its first build
        _preload()
        print("\n".join(sorted(sys.modules)))
    else:
        _serve()
