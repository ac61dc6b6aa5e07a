"""Errors of the comparison renderers, in the tool's one hierarchy."""

from __future__ import annotations

from ..errors import SamverkanError


class RenderError(SamverkanError):
    """A comparison could not be rendered (a missing or broken template or style sheet)."""


class DocxError(RenderError):
    """pandoc could not make the Word document."""
