"""What a message may change in the owner's answers — shared by the interview form and by corrections
after the journey. Plain rules (see docs/DESIGN-NOTES.md, "Protected answers"):
- business name, offering and audience change only through their own question, "change", or an
  explicit correction ("de doelgroep is eigenlijk ...");
- channels mentioned later are added; negated ones ("geen Facebook meer") are taken out;
- an unusable value never replaces a usable one (except as the answer to its own question).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker import language, previous_value, set_this_turn
from bot import interview

KEEP_ONCE_SET = ("business_name", "offering", "audience")


def _entity_values(tracker: Tracker, name: str) -> List[Any]:
    return [e.get("value") for e in tracker.latest_message.get("entities") or [] if e.get("entity") == name]


def resolve(tracker: Tracker, requested: Optional[str], dispatcher: CollectingDispatcher,
            turn: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The interview slots this turn sets, after the rules above: {slot: value to keep}.

    `turn` are the candidate values; by default the slot events since the latest user message."""
    lang = language(tracker)
    corrected = set(_entity_values(tracker, "corrected_field"))
    removed = set(_entity_values(tracker, "removed_channel"))
    turn = set_this_turn(tracker) if turn is None else turn
    result: Dict[str, Any] = {}
    for slot in interview.order():
        if slot not in turn and not (slot == "channels" and removed):
            continue
        before = previous_value(tracker, slot)
        value = turn.get(slot, before)
        if slot in KEEP_ONCE_SET and slot != requested and before is not None and slot not in corrected:
            result[slot] = before
            continue
        if slot == "channels":
            value = [c for c in list(before or []) + list(turn.get(slot) or []) if c not in removed]
            if not value and removed and slot != requested:
                result[slot] = []  # all channels taken out: keep that, it is a real answer
                continue
        verdict = interview.check_answer(slot, value, lang)
        if verdict.note:
            dispatcher.utter_message(text=verdict.note)
        result[slot] = verdict.value if verdict.value is not None or slot == requested else before
    return result
