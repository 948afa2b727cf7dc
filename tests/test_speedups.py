"""The per-message speed fixes of bot/channels/speedups.py keep Rasa's behaviour."""
import pytest
from jsonschema import ValidationError

from bot.channels import speedups  # noqa: F401  (importing bot.channels installs them)
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered


def test_a_valid_action_server_response_passes_the_reused_validator():
    action = RemoteAction("action_x", None)
    good = {"events": [{"event": "slot", "name": "price", "value": "3 euro"}], "responses": [{"text": "hoi"}]}
    assert action._validate_action_result(good) is True
    assert action._validate_action_result(good) is True   # the same validator, again


def test_a_broken_action_server_response_still_fails_with_rasas_hint():
    action = RemoteAction("action_x", None)
    with pytest.raises(ValidationError) as failure:
        action._validate_action_result({"events": [{"event": "slot", "name": 3}], "responses": "not a list"})
    assert "Failed to validate Action server response" in failure.value.message


def test_event_classes_are_found_by_type_name_as_before():
    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("slot") is SlotSet       # remembered
    assert Event.resolve_by_type("no-such-event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):
        Event.resolve_by_type("no-such-event")
    restored = Event.from_parameters({"event": "slot", "name": "goal", "value": "sales"})
    assert isinstance(restored, SlotSet) and restored.value == "sales"


def test_loading_our_channels_installs_the_fixes_in_rasa():
    assert RemoteAction._validate_action_result.__module__ == "bot.channels.speedups"
    assert Event.resolve_by_type.__module__ == "bot.channels.speedups"
