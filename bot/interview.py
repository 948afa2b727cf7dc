"""The interview as plain functions: which answers are usable, what to ask, how to summarise.

Texts and limits come from knowledge/interview.yml and messages.yml; actions/ only call these.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence

from bot import knowledge, parse
from bot.render.chat import channel_name

ENUMS = {"market": ("b2c", "b2b", "both"), "goal": ("awareness", "leads", "sales", "loyalty", "reviews")}


def order() -> List[str]:
    return list(knowledge.load("interview")["order"])


def _slot(slot: str) -> Dict[str, Any]:
    return knowledge.load("interview")["slots"][slot]


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer: the value to keep (None = not usable) and a note to show."""

    value: Any
    note: Optional[str] = None


def max_length(slot: str) -> int:
    limits = knowledge.load("interview")["max_text_length"]
    return limits.get(slot, limits["default"])


def check_answer(slot: str, value: Any, language: str) -> Verdict:
    """Whether `value` is a usable answer for `slot`, cleaned up (whitespace, length, dedupe)."""
    if slot == "channels":
        known = {entry["id"] for entry in knowledge.load("channels")["channels"]}
        values = value if isinstance(value, list) else [value]
        channels = [channel for channel in dict.fromkeys(values) if channel in known]
        return Verdict(channels or None)
    if slot in ENUMS:
        return Verdict(value if value in ENUMS[slot] else None)
    text = parse.clean_text(value)
    if slot == "pain_points" and parse.is_none_answer(text):
        return Verdict(text)
    if not parse.has_letters(text, 1 if slot == "business_name" else 2) and slot in parse.FREE_TEXT_SLOTS:
        return Verdict(None)
    note = None
    limit = max_length(slot)
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
        note = knowledge.message("too_long", language, limit=limit)
    if slot == "price":
        return Verdict(text if parse.interpret_price(text) else None, note)
    if slot == "purchase_frequency":
        return Verdict(text if parse.frequency_category(text) else None, note)
    if slot == "decision_time":
        return Verdict(text if parse.decision_category(text) else None, note)
    return Verdict(text or None, note)


def question(slot: str, language: str, failures: int = 0) -> Dict[str, Any]:
    """The question for a slot: {"text", "buttons"}; after enough failures it offers to skip."""
    entry = _slot(slot)
    buttons = [dict(button) for button in entry.get("buttons", {}).get(language, [])]
    text = knowledge.text(entry["question"], language)
    if failures >= knowledge.load("interview")["max_failures_before_skip"]:
        text = f"{text}\n{knowledge.message('skip_offer', language)}"
        buttons = buttons[:4] + [{"title": knowledge.message("skip_button", language), "payload": "/skip"}]
    return {"text": text, "buttons": buttons}


def explanation(slot: str, language: str) -> str:
    """The re-ask after an unusable answer: what is meant, with examples."""
    return f"{knowledge.message('not_understood', language)} {knowledge.text(_slot(slot)['explain'], language)}"


def label(slot: str, language: str) -> str:
    """How the summary names a field."""
    return knowledge.text(_slot(slot)["label"], language)


def display_value(slot: str, value: Any, language: str) -> str:
    if value is None or value == []:
        return knowledge.message("not_given", language)
    if slot == "channels":
        return ", ".join(channel_name(channel, language) for channel in value)
    if slot in ENUMS:
        return knowledge.message(f"{slot}_{value}", language)
    return str(value)


def summary(values: Mapping[str, Any], language: str) -> str:
    """What the bot understood, one line per field, in interview order."""
    lines = [knowledge.message("summary_intro", language)]
    for slot in order():
        lines.append(f"• {label(slot, language)}: {display_value(slot, values.get(slot), language)}")
    lines.append(knowledge.message("summary_question", language))
    return "\n".join(lines)


def summary_buttons(language: str) -> List[Dict[str, str]]:
    return [{"title": knowledge.message("summary_confirm", language), "payload": "/affirm"},
            {"title": knowledge.message("summary_change", language), "payload": "/deny"}]


def change_buttons(language: str, slots: Optional[Sequence[str]] = None) -> List[Dict[str, str]]:
    """One button per field, payload `/change_field{"field": "<slot>"}`."""
    return [{"title": label(slot, language),
             "payload": '/change_field{"field": "%s"}' % slot} for slot in (slots or order())]
