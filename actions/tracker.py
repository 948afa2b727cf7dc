"""Tracker helpers shared by the actions: the latest message as bot/turn.py reads it, slot history, the
profile, the language."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from bot import slots as S
from bot.parse.channels import BARE, PASSING, WEAK
from bot.parse.phrases import normalise
from bot.profile import Profile
from bot.turn import Message


def language(tracker: Tracker) -> str:
    return tracker.get_slot(S.LANGUAGE) or "nl"


def profile(tracker: Tracker) -> Profile:
    return Profile.from_slots(tracker.current_slot_values())


def interview_values(tracker: Tracker) -> Dict[str, Any]:
    """The interview answers so far (None = not given)."""
    return {slot: tracker.get_slot(slot) for slot in S.INTERVIEW}


def _entity_values(tracker: Tracker, name: str) -> List[Any]:
    return [e.get("value") for e in tracker.latest_message.get("entities") or [] if e.get("entity") == name]


def message(tracker: Tracker) -> Message:
    """The latest user message with what the NLU found in it."""
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    if intent.get("name") == "nlu_fallback":  # unsure between two readings: the interview weighs the first
        intent = next((entry for entry in latest.get("intent_ranking") or [] if entry.get("name") != "nlu_fallback"),
                      intent)
    commands = _entity_values(tracker, "command")
    text = latest.get("text") or ""
    if text.startswith("/") and intent.get("name"):  # a button payload: the intent, unmistakably
        commands = [intent["name"]]
    entities = latest.get("entities") or []
    strong = [e.get("value") for e in entities if e.get("entity") == "channel" and e.get("role") not in (WEAK, BARE)]
    weak = [e.get("value") for e in entities if e.get("entity") == "channel" and e.get("role") == WEAK]
    bare = [e.get("value") for e in entities if e.get("entity") == "channel" and e.get("role") == BARE]
    passing = [e.get("value") for e in entities if e.get("entity") == "channel" and e.get("role") == PASSING]
    return Message(text=text, intent=intent.get("name"),
                   confidence=float(intent.get("confidence") or 0.0),
                   command=commands[0] if commands else None,
                   channels=tuple(dict.fromkeys(strong)), weak_channels=tuple(dict.fromkeys(weak)),
                   bare_channels=tuple(dict.fromkeys(bare)), passing_channels=tuple(dict.fromkeys(passing)),
                   removed_channels=tuple(dict.fromkeys(_entity_values(tracker, "removed_channel"))),
                   repeated=_said_before(tracker))


def _said_before(tracker: Tracker) -> bool:
    """True when the owner's previous message was the same as this one."""
    said = [event.get("text") for event in tracker.events if event.get("event") == "user"]
    return len(said) >= 2 and normalise(said[-1]) == normalise(said[-2]) != ""


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


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def rejected_this_turn(tracker: Tracker, action: str) -> bool:
    """True when `action` was rejected after the latest user message: the form runs again after a rule
    answered a digression, for the same message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action_execution_rejected" and event.get("name") == action:
            return True
    return False


def first_message(tracker: Tracker) -> bool:
    """True when the latest message is the first the owner sent in this conversation."""
    return sum(1 for event in tracker.events if event.get("event") == "user") <= 1
