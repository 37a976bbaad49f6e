"""A build-local cache for what is costly to make and depends only on known inputs (the link-
preview pictures, macros/previews.py; the QR codes, macros/qr.py): kept in memory for the rest of
the process (a preview's rebuilds) and in .cache/<kind>/ in the project (later builds; not
published, not in git). The caller names an entry by everything that decides its bytes, so a
kept entry is exactly what would be made again. AFTER_CAR_T_NO_CACHE=1 makes everything afresh
(a cold build) and keeps nothing on disk; AFTER_CAR_T_CACHE_DIR names another folder (the tests
give every build of one run the same folder)."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")

NO_CACHE_ENV = "AFTER_CAR_T_NO_CACHE"
# Another folder may be named (the tests share one between all the builds of a run).
FOLDER_ENV = "AFTER_CAR_T_CACHE_DIR"
FOLDER = Path(os.environ.get(FOLDER_ENV) or Path(__file__).resolve().parent.parent / ".cache")
_MEMORY: dict[tuple[str, str], bytes] = {}


def key(*parts) -> str:
    """A file name for an entry made of `parts` (strings, numbers): a SHA-256 of them in order."""
    return hashlib.sha256(json.dumps(list(parts)).encode("utf-8")).hexdigest()


def code_digest(path: str | Path) -> str:
    """The SHA-256 of a source file (call it at import time: the code as loaded)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cached(folder: Path | None, name: str, make: Callable[[], bytes], whole: Callable[[bytes], bool]) -> bytes:
    """make(), made once: from memory, else from folder/name (None or $AFTER_CAR_T_NO_CACHE=1: no
    folder) if whole(its bytes), else made and kept. A folder that cannot be written only means
    it is made again next time."""
    data = kept(folder, name, whole)
    if data is None:
        data = make()
        keep(folder, name, data)
    return data



def cached_json(folder: Path | None, name: str, make: Callable[[], Any], read: Callable[[Any], T]) -> T:
    """read(make()), made once as cached() makes it and kept as JSON: `read` checks a value and
    gives it in its own shape, raising ValueError for one that is not what make() gives (a kept
    file it refuses is made again)."""
    def value(data: bytes) -> T:
        return read(json.loads(data.decode("utf-8")))

    def whole(data: bytes) -> bool:
        try:
            value(data)
        except (ValueError, UnicodeDecodeError):
            return False
        return True
    return value(cached(folder, name, lambda: json.dumps(make(), ensure_ascii=False).encode("utf-8"), whole))

def kept(folder: Path | None, name: str, whole: Callable[[bytes], bool]) -> bytes | None:
    """What keep() kept as folder/name, from memory or from the folder if whole(its bytes); else
    None (and None with $AFTER_CAR_T_NO_CACHE=1, unless kept in memory by this process)."""
    slot = (str(folder), name)
    if slot in _MEMORY:
        return _MEMORY[slot]
    if folder is None or os.environ.get(NO_CACHE_ENV) == "1":
        return None
    try:
        data = (folder / name).read_bytes()
    except OSError:
        return None
    if not whole(data):
        return None
    _MEMORY[slot] = data
    return data


def keep(folder: Path | None, name: str, data: bytes) -> None:
    """Keep `data` as folder/name: in memory for this process, and in the folder (whole or not at
    all; none with $AFTER_CAR_T_NO_CACHE=1)."""
    if folder is not None and os.environ.get(NO_CACHE_ENV) != "1":
        try:
            folder.mkdir(parents=True, exist_ok=True)
            part = folder / f"{name}.{os.getpid()}.part"
            part.write_bytes(data)
            os.replace(part, folder / name)  # whole or not at all
        except OSError:
            pass
    _MEMORY[(str(folder), name)] = data
