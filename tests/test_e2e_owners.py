"""Whole conversations with the regression owners of tests/conversations/regression.yml (one per failure
class of issue #7), played over REST against the real servers by the same player as the benchmark."""
from pathlib import Path

import pytest
import yaml

from tests.conversation_player import Player
from tests.e2e import API_TOKEN

OWNERS = yaml.safe_load((Path(__file__).parent / "conversations" / "regression.yml").read_text(encoding="utf-8"))["owners"]


@pytest.mark.parametrize("owner", OWNERS, ids=[owner["id"] for owner in OWNERS])
def test_a_whole_interview_ends_with_what_the_owner_meant(rasa_servers, owner):
    outcome = Player(rasa_servers.url, API_TOKEN).play(owner)
    assert outcome.journey is not None, outcome.problems
    assert outcome.checks(owner["expected"]) == {key: True for key in ("market", "involvement", "channels", "goal")}, \
        (outcome.journey["profile"], outcome.journey["involvement"]["level"])
    assert outcome.misreads == [] and outcome.problems == []
    assert max(outcome.asked_count.values()) <= 3  # no question is asked more than three times in a row
    check = owner.get("check", {})
    profile = outcome.journey["profile"]
    for slot, value in check.get("profile", {}).items():
        assert profile[slot] == value, slot
    for slot in check.get("understood_first_time", []):
        assert outcome.first_time.get(slot), (slot, outcome.first_time)
    for slot in check.get("asked", []):
        assert outcome.asked_count.get(slot), slot  # this question was asked, not closed by a passing mention
    if "language" in check:
        assert outcome.journey["language"] == check["language"]
    for slot, kept_open in outcome.interruptions.items():
        assert kept_open, f"the interruption at {slot} was taken as its answer"
