"""Tracker helpers shared by the actions: slot history, the profile, the language."""
from __future__ import annotations

from typing import Any, Dict, Optional

from rasa_sdk import Tracker

from bot.profile import Profile

# Intents that step out of the interview for a moment: the form lets the rules answer them and then
# asks its question again, instead of reading them as an answer.
DIGRESSION_INTENTS = {"greet", "goodbye", "help", "start_over", "out_of_scope", "start_journey", "bot_challenge", "thanks",
                      "change_field", "faq", "ask_why", "insult", "stop", "switch_language", "choose_model"}
DIGRESSION_CONFIDENCE = 0.6
DIGRESSION_MAX_CHARS = 200  # a longer message is an answer, whatever its words look like


def language(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "nl"


def profile(tracker: Tracker) -> Profile:
    return Profile.from_slots(tracker.current_slot_values())


def previous_value(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (slot events after it are this turn's)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
        elif event.get("event") == "restart":
            break
    return None


def set_this_turn(tracker: Tracker) -> Dict[str, Any]:
    """Slots set since the latest user message (by Rasa's slot mappings or by a form's extraction)."""
    slots: Dict[str, Any] = {}
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("name") not in slots:
            slots[event["name"]] = event.get("value")
    return slots


def is_digression(tracker: Tracker) -> bool:
    """True when the latest message is a digression the rules should answer (help, greet, ...)."""
    intent = tracker.latest_message.get("intent") or {}
    if len(tracker.latest_message.get("text") or "") > DIGRESSION_MAX_CHARS:
        return False
    return intent.get("name") in DIGRESSION_INTENTS and (intent.get("confidence") or 0) >= DIGRESSION_CONFIDENCE


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def wants_to_skip(tracker: Tracker) -> bool:
    """The skip button, or a confident "weet ik niet" / "sla over"."""
    intent = tracker.latest_message.get("intent") or {}
    text = tracker.latest_message.get("text") or ""
    return intent.get("name") == "skip" and (text.startswith("/") or (intent.get("confidence") or 0) >= DIGRESSION_CONFIDENCE)
