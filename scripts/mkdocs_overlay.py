"""Run MkDocs on a cancer center's overlay file, with the project's paths.

A center's copy is one small file that INHERITs the project's mkdocs.yml (examples/center/
mkdocs.yml). MkDocs reads every relative path of a configuration (docs_dir, theme.custom_dir,
watch, mkdocs-macros' module) from the folder of the file it was given, so the overlay's folder
would need its own docs/, overrides/ and macros/. This runs MkDocs' own command line exactly
as `python -m mkdocs` does, with one difference: the configuration's paths are read from the
folder of the project's mkdocs.yml (the end of the INHERIT chain), and the project's plugin is
told which file is the overlay (its messages name that file; the center's logo and stylesheet
are read from its folder).

    python scripts/mkdocs_overlay.py build --strict --config-file examples/center/mkdocs.yml
    python scripts/mkdocs_overlay.py serve --config-file examples/center/mkdocs.yml   # preview, reloads on its changes too

scripts/build.py uses it for any configuration file that has INHERIT (`make center`); for the
project's own mkdocs.yml it runs `python -m mkdocs` itself, unchanged."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

PLUGIN = "after-car-t"


class _Lenient(yaml.SafeLoader):
    """Reads INHERIT only: tags such as !ENV become None."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def inherited(config_file: Path) -> Path | None:
    """The file `config_file` INHERITs (resolved from its folder), or None."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Lenient)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # MkDocs itself reports a file it cannot read
    parent = data.get("INHERIT") if isinstance(data, dict) else None
    return (config_file.parent / parent).resolve() if isinstance(parent, str) and parent else None


def root_config(config_file: Path) -> Path:
    """The end of the INHERIT chain: the project's own mkdocs.yml (or config_file itself)."""
    path, seen = config_file.resolve(), set()
    while path not in seen:
        seen.add(path)
        parent = inherited(path)
        if parent is None or not parent.is_file():
            return path  # a missing parent: MkDocs names it
        path = parent
    return path  # a loop: MkDocs reports it


def config_file_argument(argv: list[str]) -> str | None:
    """The value of -f / --config-file in a MkDocs command line."""
    for i, arg in enumerate(argv):
        if arg in ("-f", "--config-file") and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--config-file="):
            return arg.split("=", 1)[1]
    return None


def overlay_name(overlay: Path, root: Path) -> str:
    """How messages name the overlay: its path from the project's folder (examples/center/mkdocs.yml)."""
    try:
        return overlay.resolve().relative_to(root.parent).as_posix()
    except ValueError:
        return overlay.resolve().as_posix()


def main(argv: list[str]) -> None:
    given = config_file_argument(argv)
    overlay = Path(given).resolve() if given else None
    root = root_config(overlay) if overlay else None
    import mkdocs.config
    from mkdocs.__main__ import cli
    if overlay is not None and root != overlay:
        sys.path.insert(0, str(root.parent))  # the project's plugin and macros, as `python -m mkdocs` from its folder
        original = mkdocs.config.load_config

        def load_config(config_file=None, **kwargs):
            kwargs["config_file_path"] = str(root)
            cfg = original(config_file, **kwargs)
            plugin = cfg.plugins.get(PLUGIN)
            if plugin is not None:
                plugin.overlay = overlay
                plugin.overlay_name = overlay_name(overlay, root)
            return cfg

        mkdocs.config.load_config = load_config
        import mkdocs.commands.serve
        mkdocs.commands.serve.load_config = load_config
    cli.main(args=argv, prog_name="mkdocs")


if __name__ == "__main__":
    main(sys.argv[1:])
