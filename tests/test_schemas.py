"""The JSON Schemas are valid Draft 2020-12 and are what the validator uses."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from samverkan import schema

from .conftest import REPO_ROOT

SCHEMAS = sorted((REPO_ROOT / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_schema_is_valid_2020_12(path):
    contents = json.loads(path.read_text(encoding="utf-8"))
    assert contents["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(contents)


def test_validator_reads_the_schema_files():
    assert schema.SCHEMA_DIR == REPO_ROOT / "schemas"
    avtal = json.loads((REPO_ROOT / "schemas" / "avtal.schema.json").read_text(encoding="utf-8"))
    assert set(avtal["properties"]) <= set(schema.allowed_keys("avtal.schema.json"))
    assert "giltig_från" in schema.allowed_keys("bilaga.schema.json")
    assert "parter" not in schema.allowed_keys("bilaga.schema.json")


def test_dispatcher_schema_accepts_sample_front_matter():
    """The top-level dokument schema (for editors' tooling) agrees with the per-type ones."""
    from samverkan.checker import check

    validator = Draft202012Validator(
        {"$ref": "dokument.schema.json"},
        registry=schema._registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    repo = check(REPO_ROOT).repo
    for doc in repo.documents:
        assert list(validator.iter_errors(doc.data)) == [], doc.path
