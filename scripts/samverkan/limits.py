"""The limits the validator enforces, so that anything it passes can be built.

Each limit is far above what real content needs and far below what makes a
parser, the site build or the PDF engine slow or crash. Each one has a finding
code, listed in docs/innehallsmodell/validering.md under "Gränser".
"""

from __future__ import annotations

# A document, registry or glossary file; attachments are never read.
MAX_FILE_BYTES = 1024 * 1024
# Nesting of lists and mappings in YAML (front matter needs three levels).
MAX_YAML_DEPTH = 16
# Digits of an integer: beyond int64, no number in the model means anything.
MAX_INT_DIGITS = 18
# Characters of one YAML value (a title, a name, a description).
MAX_VALUE_CHARS = 10_000
# Characters of a path relative to the repository root (Windows and git hosts
# refuse longer ones; the OS refuses a folder nesting much deeper).
MAX_PATH_CHARS = 255
# [[references]] in one body.
MAX_REFERENCES = 1000
# Block quotes and lists nested in each other in a body (the PDF engine and
# the site's Markdown parser recurse once per level).
MAX_STRUCTURE_DEPTH = 20
# Years the site's calendar and date arithmetic can hold with room to spare.
MIN_YEAR = 1900
MAX_YEAR = 2999
# Characters of running text measured for LIX per document (no finding: a
# longer text is measured on its first part, far longer than any agreement).
MAX_LIX_CHARS = 200_000
