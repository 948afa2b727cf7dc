"""Loads the rule base (the YAML files beside this module), validated against schemas.yml.

Each file is read once per process. Code reads rules through `load(name)`; it never holds advice itself.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict

import jsonschema
import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent
LANGUAGES = ("nl", "en")


class KnowledgeError(ValueError):
    """A knowledge file is missing, unreadable or does not match its schema."""


@functools.lru_cache(maxsize=None)
def _schemas() -> Dict[str, Any]:
    with open(KNOWLEDGE_DIR / "schemas.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def knowledge_files() -> list:
    """Names of every knowledge file that has a schema (all of them: the tests check that)."""
    return sorted(_schemas()["files"])


@functools.lru_cache(maxsize=None)
def load(name: str) -> Dict[str, Any]:
    """The parsed content of `<name>.yml`, validated; raises KnowledgeError with the file and path."""
    path = KNOWLEDGE_DIR / f"{name}.yml"
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeError(f"{path.name}: {error}") from error
    schemas = _schemas()
    schema = schemas["files"].get(name)
    if schema is None:
        raise KnowledgeError(f"{path.name}: no schema in schemas.yml")
    schema = {"definitions": schemas["definitions"], **schema}
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        raise KnowledgeError(f"{path.name} at {where}: {error.message}") from error
    return data


def text(entry: Dict[str, str], language: str) -> str:
    """The text of a {nl, en} entry in `language`, falling back to Dutch."""
    return entry.get(language) or entry["nl"]


def message(key: str, language: str, **values: Any) -> str:
    """A text from messages.yml with its {placeholders} filled in."""
    return text(load("messages")[key], language).format(**values)
