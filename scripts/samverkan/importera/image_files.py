"""Images: taken out of the Word file into a folder beside the document.

``agreements/a/x.md`` gets ``agreements/a/x-bilder/bild-1.png`` … and links
``x-bilder/bild-1.png``. The loader treats any non-``.md`` file below
``agreements/`` as an attachment, and the handbook publishes every attachment
a shown document links to (:mod:`samverkan.handbok.filer`), so the images
appear on the page without further setup.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

from . import tree
from .tree import Element

# Formats Word embeds that browsers do not display.
NOT_IN_BROWSERS = (".emf", ".wmf", ".tif", ".tiff", ".bmp")


def folder(path: str) -> str:
    """``agreements/a/x.md`` → ``agreements/a/x-bilder``."""
    return posixpath.splitext(path)[0] + "-bilder"


def numbered(n: int, suffix: str, content: bytes) -> str:
    """A fresh import's names: ``bild-1.png``, ``bild-2.jpeg`` … in the order of the Word file."""
    return f"bild-{n}{suffix}"


def extract(
    blocks: list[Element], media: Path, path: str, name: Callable[[int, str, bytes], str] = numbered
) -> tuple[list[Element], dict[str, bytes], list[str]]:
    """The blocks with images linked from beside the document at ``path``; the
    images (path relative to the root → content); notes for the report.

    ``media`` is where pandoc extracted the images; a link to anything else
    (an image on the web) stays as it is. ``name`` names the n-th image file
    (from its suffix and content) in the document's image folder.
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
            content = file.read_bytes()
            filename = name(len(links) + 1, suffix, content)
            links[source] = f"{link_folder}/{filename}"
            images[f"{target}/{filename}"] = content
            if suffix in NOT_IN_BROWSERS:
                notes.append(
                    f"{filename} är i ett format som webbläsare inte visar ({suffix}) — spara om den som "
                    "PNG och ändra länken"
                )
            if not alt:
                notes.append(f"{filename} saknar alternativtext — beskriv bilden mellan hakparenteserna i ![](…)")
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
