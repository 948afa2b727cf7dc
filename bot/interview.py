"""The interview as plain functions: which answers are usable, what to ask (and how to ask again), how
to summarise. Texts and limits come from knowledge/interview.yml and messages.yml; actions/ only call these.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence

from bot import knowledge, pains
from bot.parse import choices, prices, reading, timing
from bot.parse.phrases import clean_text, has_letters, is_garbled, normalise
from bot.render.chat import channel_name
from bot.slots import (BUSINESS_TYPE, CHANNELS, CHANNELS_MORE, FREE_TEXT, GOAL, INTERVIEW, PAIN_KIND, PAIN_POINTS,
                       SELECT_CHANNELS)

ENUMS = {"market": choices.MARKETS, "goal": choices.GOALS}
QUOTE_LENGTH = 60  # how much of an answer the bot quotes back when it asks again


def order() -> List[str]:
    """The interview questions in the order the form asks them (DESIGN.md contract)."""
    return list(INTERVIEW)


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
    if slot == CHANNELS:
        known = {entry["id"] for entry in knowledge.load("channels")["channels"]}
        values = value if isinstance(value, list) else [value]
        return Verdict([channel for channel in dict.fromkeys(values) if channel in known])
    if slot in ENUMS:
        return Verdict(value if value in ENUMS[slot] else None)
    if slot == BUSINESS_TYPE:
        from bot import business
        return Verdict(value if value in business.types() else None)
    if slot == PAIN_KIND:
        return Verdict(value if isinstance(value, dict) and "pain" in value else None)
    text = clean_text(value)
    if slot == PAIN_POINTS and reading.is_none_answer(text):
        return Verdict(text)
    if slot in FREE_TEXT and (not has_letters(text, 1 if slot == "business_name" else 2) or is_garbled(text)):
        return Verdict(None)
    note = None
    limit = max_length(slot)
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
        note = knowledge.message("too_long", language, limit=limit)
    if slot == "price":
        return Verdict(text if prices.interpret(text) else None, note)
    if slot == "purchase_frequency":
        return Verdict(text if timing.frequency(text, loose=True) else None, note)
    if slot == "decision_time":
        return Verdict(text if timing.decision_time(text, loose=True) else None, note)
    return Verdict(text or None, note)


def _buttons(slot: str, language: str, key: str = "buttons") -> List[Dict[str, str]]:
    return [dict(button) for button in _slot(slot).get(key, {}).get(language, [])]


def nearest_first(buttons: List[Dict[str, str]], said: str, slot: str) -> List[Dict[str, str]]:
    """The buttons ordered by how close each is to what the owner said (stable for ties): goals the
    answer leaned to come first, then by word similarity."""
    said = normalise(said)
    if not said:
        return buttons
    leaning = choices.goal_candidates(said) if slot == GOAL else []

    def closeness(button: Dict[str, str]) -> float:
        target = normalise(f"{button['title']} {button['payload']}")
        words = set(target.split())
        overlap = max((difflib.SequenceMatcher(None, word, other).ratio()
                       for word in said.split() for other in words), default=0.0)
        goal = choices.goal_of(button["payload"], weak=True) if leaning else None
        bonus = (len(leaning) - leaning.index(goal)) * 10 if goal in leaning else 0
        return bonus + (overlap if overlap >= 0.75 else 0.0)

    ranked = sorted(enumerate(buttons), key=lambda item: (-closeness(item[1]), item[0]))
    return [button for _, button in ranked]


def question(slot: str, language: str, failures: int = 0, said: str = "",
             candidates: Sequence[str] = (), channels: Sequence[str] = (),
             values: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """The question for a slot: {"text", "buttons"}.

    After an answer it could not use the bot asks again, never with the same words: the first time it
    says what it is looking for and offers the choices as buttons, nearest first; the second time it
    also offers to skip. `candidates` are channels noted in passing (shown at the channel question),
    `channels` the list so far (shown at "any other channels?"), `values` the answers so far (the kind
    of business is asked with all nine kinds, the rules' guesses first; the pain follow-up quotes the
    pain and offers the problems nearest to it)."""
    entry = _slot(slot)
    values = values or {}
    buttons = _buttons(slot, language)
    if slot == BUSINESS_TYPE:
        buttons = type_buttons(language, type_guesses(values))
    if slot == PAIN_KIND:
        pain = pain_follow_up(values) or ""
        buttons = pains.menu(pain, _kind(values), language)
        text = knowledge.text(entry["question"], language).format(pain=_quote(pain))
    elif slot == CHANNELS and candidates:
        text = knowledge.text(entry["question_noted"], language).format(channels=channel_list(candidates, language))
        buttons = _buttons(slot, language, "noted_buttons")
    elif slot == CHANNELS_MORE:
        text = knowledge.text(entry["question"], language).format(channels=channel_list(channels, language))
    else:
        text = knowledge.text(entry["question"], language)
    if failures <= 0:
        return {"text": text, "buttons": buttons}
    choices_ = buttons + _buttons(slot, language, "reask_buttons")
    offered_whole = slot in (BUSINESS_TYPE, PAIN_KIND)  # their own order, every choice each time
    if not offered_whole:
        choices_ = nearest_first(choices_, said, slot)
    shown = len(choices_) + 1 if offered_whole else 5
    quoted = _quote(said)
    explain = knowledge.text(entry["explain"], language)
    if failures == 1:
        lines = [knowledge.message("reask_first", language, answer=quoted) if quoted else
                 knowledge.message("not_understood", language), explain]
        if choices_:
            lines.append(knowledge.message("reask_pick", language))
        return {"text": "\n".join(lines), "buttons": choices_[:shown]}
    lines = [knowledge.message("reask_again", language), text]
    skip = {"title": knowledge.message("skip_button", language), "payload": "/skip"}
    return {"text": "\n".join(lines), "buttons": choices_[:shown - 1] + [skip]}


# the extra form slots count as the question they belong to in the progress ("vraag 8 van 10")
PROGRESS_PARENT = {CHANNELS_MORE: CHANNELS, BUSINESS_TYPE: CHANNELS, PAIN_KIND: PAIN_POINTS}


def progress(slot: str) -> Dict[str, int]:
    """Where `slot` is in the interview: {"step": 3, "of": 10}, for the widget's progress indicator."""
    return {"step": INTERVIEW.index(PROGRESS_PARENT.get(slot, slot)) + 1, "of": len(INTERVIEW)}


def channel_choices(slot: str, language: str, candidates: Sequence[str] = (),
                    channels: Sequence[str] = ()) -> Dict[str, Any]:
    """The channel question as a multi-select (the widget shows checkboxes; REST ignores it): every
    channel, the ones noted or given so far ticked and first, so a misreading is one click to fix. The
    widget answers with `/select_channels{"channel": [ticked ids]}`: the whole list (bot/turn.py).
    `done_payloads` are the question's own "that's all" buttons: the widget sends the ticked boxes
    instead when the owner changed them and then clicked one of those."""
    ticked = list(dict.fromkeys(candidates if slot == CHANNELS else channels))
    done = _buttons(slot, language, "noted_buttons" if slot == CHANNELS else "buttons")
    ids = ticked + [entry["id"] for entry in knowledge.load("channels")["channels"] if entry["id"] not in ticked]
    return {"name": CHANNELS, "intent": SELECT_CHANNELS, "entity": "channel",
            "submit_title": knowledge.message("multiselect_submit", language),
            "none_title": knowledge.message("multiselect_none", language),
            "done_payloads": [button["payload"] for button in done],
            "options": [{"value": channel, "title": _capitalised(channel_name(channel, language)),
                         "checked": channel in ticked} for channel in ids]}


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _quote(said: str) -> str:
    quoted = clean_text(said)
    return quoted if len(quoted) <= QUOTE_LENGTH else quoted[:QUOTE_LENGTH].rstrip() + "…"


def _owner(values: Mapping[str, Any]):
    """The answers as a profile, and whether the involvement rules see a straight rebuy: what the kind
    of business is derived from (bot/business.py)."""
    from bot.involvement import straight_rebuy
    from bot.profile import Profile
    owner = Profile.from_slots(dict(values))
    return owner, straight_rebuy(owner)


def _kind(values: Mapping[str, Any]) -> str:
    from bot import business
    return business.business_type(*_owner(values))


def pain_follow_up(values: Mapping[str, Any]) -> Optional[str]:
    """The pain item the interview asks about once more ("Lijkt het op een van deze?"): the first one no
    pain rule covers, while the owner has not answered the follow-up yet; None: nothing to ask."""
    if values.get(PAIN_KIND) is not None:
        return None
    return pains.unanswered(values.get(PAIN_POINTS))


def pain_kind_answer(text: str, values: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """The slot value for an answer to the follow-up: {"pain": the item, "rule": the picked rule or None
    ("iets anders")}; None when the answer names no problem."""
    rule = pains.rule_from_answer(text)
    pain = pains.unanswered(values.get(PAIN_POINTS))
    if rule is None or pain is None:
        return None
    return {"pain": pain, "rule": None if rule == pains.OTHER else rule}


def channel_list(channels: Sequence[str], language: str) -> str:
    names = [channel_name(channel, language) for channel in channels]
    if not names:
        return knowledge.message("no_channels", language)
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {knowledge.message('and', language)} {names[-1]}"


def clarification(slot: str, language: str) -> str:
    """The answer to "wat bedoel je?": what the question means, with examples, and why it is asked."""
    entry = _slot(slot)
    return f"{knowledge.text(entry['explain'], language)} {knowledge.text(entry['why'], language)}"


def label(slot: str, language: str) -> str:
    """How the summary names a field."""
    return knowledge.text(_slot(slot)["label"], language)


def fields(values: Mapping[str, Any], language: str) -> str:
    """Answers as one line, the way the bot says what it noted: "Prijs: € 4; Kanalen: Instagram"."""
    return "; ".join(f"{label(slot, language)}: {display_value(slot, value, language)}"
                     for slot, value in values.items())


def display_value(slot: str, value: Any, language: str) -> str:
    if value is None:
        return knowledge.message("not_given", language)
    if slot == CHANNELS:
        return ", ".join(channel_name(channel, language) for channel in value) or knowledge.message("no_channels", language)
    if slot in ENUMS:
        return knowledge.message(f"{slot}_{value}", language)
    return str(value)


def summary(values: Mapping[str, Any], language: str) -> str:
    """What the bot understood, one line per field, in interview order, and the kind of business the
    rules derive from it (which the owner can correct like any answer)."""
    from bot import business

    lines = [knowledge.message("summary_intro", language)]
    for slot in order():
        lines.append(f"• {label(slot, language)}: {display_value(slot, values.get(slot), language)}")
    kind = _kind(values)
    lines.append(f"• {knowledge.message('summary_business_type', language)}: {business.name(kind, language)}")
    lines.append(knowledge.message("summary_question", language))
    return "\n".join(lines)


def summary_buttons(language: str) -> List[Dict[str, str]]:
    return [{"title": knowledge.message("summary_confirm", language), "payload": "/affirm"},
            {"title": knowledge.message("summary_change", language), "payload": "/deny"}]


def change_buttons(language: str, slots: Optional[Sequence[str]] = None) -> List[Dict[str, str]]:
    """One button per field, payload `/change_field{"field": "<slot>"}`; the kind of business last."""
    buttons = [{"title": label(slot, language),
                "payload": '/change_field{"field": "%s"}' % slot} for slot in (slots or order())]
    if slots is None:
        buttons.append({"title": knowledge.message("summary_business_type", language),
                        "payload": '/change_field{"field": "%s"}' % BUSINESS_TYPE})
    return buttons


def type_guesses(values: Mapping[str, Any]) -> List[str]:
    """The kinds of business the rules lean to for these answers, most likely first; empty when the
    rules are sure or the owner already said (then the interview does not ask it)."""
    if values.get(BUSINESS_TYPE):
        return []
    from bot import business
    derived = business.derivation(*_owner(values))
    return [] if derived.sure else [derived.type, *derived.rivals]


def type_buttons(language: str, guesses: Sequence[str] = ()) -> List[Dict[str, str]]:
    """The kinds of business as answers to the interview question (payload: the kind's name, which the
    answer reader knows), the rules' guesses first."""
    from bot import business
    kinds = list(dict.fromkeys([*guesses, *business.types()]))
    return [{"title": business.name(kind, language), "payload": business.name(kind, language)} for kind in kinds]


def business_type_buttons(language: str) -> List[Dict[str, str]]:
    """One button per kind of business, payload `/set_business_type{"business_type": "<id>"}`."""
    from bot import business
    return [{"title": business.name(type_id, language),
             "payload": '/set_business_type{"business_type": "%s"}' % type_id} for type_id in business.types()]


def skipped_note(slot: str, language: str) -> str:
    """Said when a question is skipped because it came back too often."""
    return knowledge.message("skipped_after_tries", language, label=label(slot, language))
