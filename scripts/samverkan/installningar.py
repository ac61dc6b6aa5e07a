"""Settings an archive may give the validator, read from ``mkdocs.yml``.

The handbook's ``mkdocs.yml`` in the repository's folder is the one place a
region configures its handbook, so the validator's settings live there too,
under the plugin's own options::

    plugins:
      - samverkan:
          lix_threshold: 55

The file is only composed as YAML, never constructed: mkdocs' own tags
(``!ENV``, ``!!python/name:``) are read past, not run. A missing or unreadable
file means the defaults; mkdocs reports a broken file itself when it builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .finding import Finding, error
from .source import Pos

FILE = "mkdocs.yml"
PLUGIN = "samverkan"
DEFAULT_LIX_THRESHOLD = 60
LIX_RANGE = (1, 200)


@dataclass(frozen=True)
class Settings:
    """What the validator may be told; the defaults when nothing is said."""

    # a section whose LIX is at or above this gets an information finding (lix-högt)
    lix_threshold: int = DEFAULT_LIX_THRESHOLD


def read(root: Path) -> tuple[Settings, list[Finding]]:
    """The settings in ``root``'s ``mkdocs.yml``, and findings for values that are wrong."""
    options = _plugin_options(Path(root) / FILE)
    if options is None or "lix_threshold" not in options:
        return Settings(), []
    key, node = options["lix_threshold"]
    low, high = LIX_RANGE
    try:
        value = int(node.value) if isinstance(node, yaml.ScalarNode) else None
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        shown = node.value if isinstance(node, yaml.ScalarNode) else "en lista eller ett uttryck"
        return Settings(), [
            error(
                FILE,
                Pos(key.start_mark.line + 1, key.start_mark.column + 1),
                "ogiltig-inställning",
                f"'lix_threshold' för pluginet samverkan ska vara ett heltal mellan {low} och {high}, "
                f"inte '{shown}' — skriv till exempel lix_threshold: 60 (standard är {DEFAULT_LIX_THRESHOLD})",
            )
        ]
    return Settings(lix_threshold=value), []


def _plugin_options(path: Path) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
    """The samverkan plugin's options as (key node, value node) by name, if any."""
    try:
        if not path.is_file() or path.stat().st_size > 1_000_000:
            return None
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    plugins = _get(root, "plugins")
    if not isinstance(plugins, yaml.SequenceNode):
        return None
    for item in plugins.value:
        options = _get(item, PLUGIN)
        if isinstance(options, yaml.MappingNode):
            return {k.value: (k, v) for k, v in options.value if isinstance(k, yaml.ScalarNode)}
    return None


def _get(node, key: str):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None
