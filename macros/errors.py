"""One error type for every mistake in the data or pages, with a message an editor can act on.

A message always names the file, and where it can, the entry id, the field and the problem:
    glossary.yml: entry 'car-t-cell-therapy', field 'definition': must not be empty
    docs/about.md, line 62: term('no-such-word'): there is no term with this id in glossary.yml
"""
from __future__ import annotations


class DataError(Exception):
    """A problem in a data file or page that stops the build."""

    def __init__(self, file: str, problem: str, entry: str | None = None,
                 field: str | None = None, line: int | None = None, column: int | None = None):
        self.file, self.problem, self.entry, self.field = file, problem, entry, field
        self.line, self.column = line, column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}" + (f", column {self.column}" if self.column is not None else "")
        parts = [where]
        if self.entry is not None:
            parts.append(f"entry '{self.entry}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) + ": " + self.problem


class DataErrors(Exception):
    """Several DataErrors found together, reported at once."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__(self.message)

    @property
    def message(self) -> str:
        head = f"{len(self.errors)} problem(s) in the guide's data or pages:"
        return "\n".join([head] + [f"  - {e.message}" for e in self.errors])


class MacroCallError(Exception):
    """A macro called wrongly in a page (unknown id, wrong number or kind of values). The page
    and the line are not known where it is raised; macros/rendering.py adds them."""

    def __init__(self, problem: str):
        self.problem = problem
        super().__init__(problem)


def collect(errors: list[DataError], action, *args):
    """Run `action(*args)`; add any DataError(s) it raises to `errors` and return None instead."""
    try:
        return action(*args)
    except DataError as e:
        errors.append(e)
    except DataErrors as e:
        errors.extend(e.errors)
    return None


def raise_all(errors: list[DataError]) -> None:
    """Raise the errors found, one or several, or do nothing if there are none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DataErrors(errors)
