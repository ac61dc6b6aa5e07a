"""Images: taken out of the Word file into a folder beside the document.

``agreements/a/x.md`` gets ``agreements/a/x-bilder/bild-1.png`` … and links
``x-bilder/bild-1.png``. The loader treats any non-``.md`` file below
``agreements/`` as an attachment, and the handbook publishes every attachment
a shown document links to (:mod:`samverkan.handbok.filer`), so the images
appear on the page without further setup.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from . import tree
from .tree import Element

# Formats Word embeds that browsers do not display.
NOT_IN_BROWSERS = (".emf", ".wmf", ".tif", ".tiff", ".bmp")


def folder(path: str) -> str:
    """``agreements/a/x.md`` → ``agreements/a/x-bilder``."""
    return posixpath.splitext(path)[0] + "-bilder"


def extract(blocks: list[Element], media: Path, path: str) -> tuple[list[Element], dict[str, bytes], list[str]]:
    """The blocks with images linked from beside the document at ``path``; the
    images (path relative to the root → content); notes for the report.

    ``media`` is where pandoc extracted the images; a link to anything else
    (an image on the web) stays as it is.
    """
    target = folder(path)
    link_folder = posixpath.basename(target)
    images: dict[str, bytes] = {}
    links: dict[str, str] = {}
    notes: list[str] = []
    inside = media.resolve()

    def rename(source: str, alt: str) -> str:
        file = Path(source)
        if "://" in source or not file.is_file() or inside not in file.resolve().parents:
            return source
        if source not in links:
            suffix = file.suffix.lower()
            name = f"bild-{len(links) + 1}{suffix}"
            links[source] = f"{link_folder}/{name}"
            images[f"{target}/{name}"] = file.read_bytes()
            if suffix in NOT_IN_BROWSERS:
                notes.append(
                    f"{name} är i ett format som webbläsare inte visar ({suffix}) — spara om den som "
                    "PNG och ändra länken"
                )
            if not alt:
                notes.append(f"{name} saknar alternativtext — beskriv bilden mellan hakparenteserna i ![](…)")
        return links[source]

    return tree.map_images(blocks, rename), images, notes


def unused(root: Path, images: dict[str, bytes], path: str) -> list[str]:
    """Files in the document's image folder that ``images`` does not include:
    left by an earlier import of a version with more images."""
    found = []
    here = root / folder(path)
    if here.is_dir():
        for file in sorted(here.iterdir()):
            rel = f"{folder(path)}/{file.name}"
            if file.is_file() and rel not in images:
                found.append(rel)
    return found
