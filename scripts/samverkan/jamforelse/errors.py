"""Errors of the comparison renderers, in the tool's one hierarchy."""

from __future__ import annotations

from ..errors import RenderError

__all__ = ["DocxError", "RenderError"]


class DocxError(RenderError):
    """pandoc could not make the Word document."""
