"""The new document's text: front matter and the body template from ``templates/ny/``."""

from __future__ import annotations

import datetime as dt
import json
from string import Template
from typing import Any

import yaml

from .. import source, templating
from ..errors import SourceError
from .options import TEMPLATES


def render(typ: str, fields: dict[str, Any], placeholders: dict[str, str]) -> str:
    template = Template((templating.NEW / TEMPLATES[typ]).read_text(encoding="utf-8"))
    values = {"front_matter": front_matter_text(fields), "titel": fields["titel"], "id": fields["id"], **placeholders}
    return template.substitute(values)


def front_matter_text(fields: dict[str, Any]) -> str:
    lines: list[str] = []
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {scalar(item)}" for item in value)
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            for k, v in value.items():
                if isinstance(v, list):
                    lines.append(f"  {k}:")
                    lines.extend(f"    - {scalar(item)}" for item in v)
                else:
                    lines.append(f"  {k}: {scalar(v)}")
        else:
            lines.append(f"{key}: {scalar(value)}")
    return "\n".join(lines)


def scalar(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text if plain_is_safe(text) else json.dumps(text, ensure_ascii=False)


def plain_is_safe(text: str) -> bool:
    """Whether ``text`` reads back as the same string without quotes (here and in other YAML tools)."""
    if not text or text != text.strip() or "\n" in text:
        return False
    line = f"k: {text}\n"
    try:
        return source.parse(line).data == {"k": text} and yaml.safe_load(line) == {"k": text}
    except (SourceError, yaml.YAMLError):
        return False
