"""One exception hierarchy for the whole tool.

Third-party errors (YAML, git, pandoc, I/O) are wrapped in these with
``raise ... from e`` and turned into findings or clear Swedish messages at the
edge (the CLI or the site plugin). Nothing below the edge prints.
"""

from __future__ import annotations


class SamverkanError(Exception):
    """Base class: every error the tool raises on purpose."""


class UsageError(SamverkanError):
    """The command was called wrongly (exit status 2)."""


class RepositoryNotFound(UsageError):
    """No folder holding ``agreements/`` was found."""


class SourceError(SamverkanError):
    """A file could not be read into the model.

    Carries a position so the loader can report it as a finding on the right
    line instead of letting it escape.
    """

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


class RenderError(SamverkanError):
    """An output could not be rendered: a page or comparison whose template or
    style sheet is missing or broken (or a bug)."""
