"""MkDocs hook (a small, documented exception to "logic lives in define_env"): adds the files
the site generates from its data but that are not pages, so that they exist in every build,
the preview included.

- find-your-situation/qr/<result id>.svg: one QR code per guide result, leading to exactly that
  result's address. The guide shows each as a lazy <img> inside its result, so only the result you
  open loads its code (23 inline codes would add about 14 KB gzipped to every view of the guide).

The data comes from the macros module, which mkdocs-macros has already loaded (on_config runs
before on_files), so nothing is read twice."""
from __future__ import annotations

import sys

from mkdocs.structure.files import File

GUIDE_PAGE = "find-your-situation/"
QR_FOLDER = "find-your-situation/qr"


def on_files(files, config):
    macros = sys.modules.get("macros")
    if macros is None or "data" not in getattr(macros, "_state", {}):
        return files
    from macros.qr import page_address, qr_svg
    for node in macros._state["data"].tree.outcomes():
        address = page_address(config.site_url, GUIDE_PAGE, node.id)
        svg = qr_svg(address, f"QR code: {address}", inline=False)
        files.append(File.generated(config, f"{QR_FOLDER}/{node.id}.svg", content=svg))
    return files
