"""The one list of the guide's data files (YAML at the project's root), in the order they are
loaded. Everything that names the data files takes them from here: the loader
(site_data.load_all), the preview's watch list (plugin/, on_serve), the JSON Schemas
(scripts/write_schemas.py), FIELDS.md (scripts/write_field_reference.py) and the tests
(tests/conftest.py). A new data file is one more entry here."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from . import cancers, changes, decision_tree, figures, get_help, glossary, questions, reviews, sources, strings


@dataclass(frozen=True)
class DataFile:
    name: str                      # the file's name at the project's root
    model: type[BaseModel]         # its top-level model (validation, JSON Schema, FIELDS.md)
    load: Callable                 # load(path, *needs) -> the checked data
    needs: tuple[str, ...] = ()    # data files whose loaded data `load` also takes

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".yml")


DATA_FILES: tuple[DataFile, ...] = (
    DataFile(sources.FILE, sources.SourcesFile, sources.load_sources),
    DataFile(glossary.FILE, glossary.GlossaryFile, glossary.load_glossary),
    DataFile(decision_tree.FILE, decision_tree.TreeFile, decision_tree.load_tree),
    DataFile(cancers.FILE, cancers.CancersFile, cancers.load_cancers, needs=(decision_tree.FILE,)),
    DataFile(figures.FILE, figures.FiguresFile, figures.load_figures),
    DataFile(get_help.FILE, get_help.GetHelpFile, get_help.load_get_help),
    DataFile(questions.FILE, questions.QuestionsFile, questions.load_questions),
    DataFile(strings.FILE, strings.StringsFile, strings.load_strings),
    DataFile(changes.FILE, changes.ChangesFile, changes.load_changes),
)
NAMES: tuple[str, ...] = tuple(f.name for f in DATA_FILES)
# The folder of review records (reviews/<page>.yml, macros/reviews.py): data too, one file a page.
REVIEWS_FOLDER = reviews.FOLDER
# The folders a build reads besides the data files (the tests copy exactly these to build a copy).
SOURCE_FOLDERS = ("docs", "macros", "plugin", "overrides", REVIEWS_FOLDER)
CONFIG_FILE = "mkdocs.yml"


def paths(project: Path) -> list[Path]:
    """Every data file of the project."""
    return [project / name for name in NAMES]


def watched(project: Path) -> list[Path]:
    """What the preview watches besides the pages: every data file and the review records."""
    folder = project / REVIEWS_FOLDER
    return [*paths(project), *([folder] if folder.is_dir() else [])]
