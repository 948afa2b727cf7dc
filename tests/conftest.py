"""Shared fixtures. The end-to-end fixtures (one Rasa server + one action server for the whole session)
live in tests/e2e.py and are imported here so every suite can use them."""
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The journey contract; docs/journey.schema.json is the project's copy of ../shared/journey.schema.json
# (test_knowledge checks that they are the same whenever shared/ is beside the checkout).
SCHEMA_PATH = ROOT / "docs" / "journey.schema.json"

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def journey_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


from tests.e2e import rasa_servers  # noqa: E402,F401  (session fixture)
