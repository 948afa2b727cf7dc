"""What a message refers to: a stage model, map type or stage ("vertel meer over de aankoop"), an
interview field ("verander de prijs"), and corrections of earlier answers ("de doelgroep is eigenlijk
jonge gezinnen", "de prijs is eigenlijk 50 euro").
"""
from __future__ import annotations

import functools
import re
from typing import Dict, List, Optional, Tuple

from bot import knowledge
from bot.parse.phrases import alternation, answers, clean_text, find_words, first_named, has_letters
from bot.slots import FREE_TEXT, INTERVIEW


def stage_model_of(text: str) -> Optional[str]:
    """The stage model the text names ("gebruik het AIDA-model" → aida_loyalty)."""
    models = knowledge.load("stage_models")["models"]
    return first_named(clean_text(text), {mid: m["synonyms"]["nl"] + m["synonyms"]["en"] for mid, m in models.items()})


def map_type_of(text: str) -> Optional[str]:
    """The map type the text names ("huidige situatie" → current_state)."""
    types = knowledge.load("map_types")["types"]
    return first_named(clean_text(text), {tid: t["synonyms"]["nl"] + t["synonyms"]["en"] for tid, t in types.items()})


def stage_of(text: str) -> Optional[str]:
    """The stage or phase id the text names ("vertel meer over de aankoop" → purchase). Names that are
    everyday words ("do", "see", "kopen", answers.yml `stages.needs_cue`) count only next to a stage
    word ("de do-fase", "tell me more about do"), so "how do I reset my router" names no stage."""
    cfg = answers()["stages"]
    text = clean_text(text)
    ambiguous = {word.lower() for word in cfg["needs_cue"]}
    cued = bool(find_words(text, cfg["cue_words"]))
    named: Dict[str, List[str]] = {key: list(words) for key, words in knowledge.load("map_types")["stage_words"].items()}
    for model in knowledge.load("stage_models")["models"].values():
        for stage in model["stages"]:
            named.setdefault(stage["id"], []).extend([stage["name"]["nl"].lower(), stage["name"]["en"].lower()])
    if not cued:
        named = {key: [word for word in words if word.lower() not in ambiguous] for key, words in named.items()}
    return first_named(text, named)


def field_named(text: str) -> Optional[str]:
    """The interview field the text names ("de prijs klopt niet" → price), the earliest one."""
    slots = knowledge.load("interview")["slots"]
    return first_named(clean_text(text), {slot: slots[slot]["field_words"] for slot in INTERVIEW})


@functools.lru_cache(maxsize=None)
def _correction_regex() -> re.Pattern:
    slots = knowledge.load("interview")["slots"]
    cfg = answers()["corrections"]
    groups = "|".join(f"(?P<{slot}>{alternation(slots[slot]['field_words'])})" for slot in FREE_TEXT)
    return re.compile(
        rf"(?:^|\b)(?:{alternation(cfg['determiners'])})?\s*(?:{groups})\s+(?:{alternation(cfg['copulas'])})\s+"
        rf"(?:(?:{alternation(cfg['cue_words'])})\s+)?(?P<value>[^.!?;]+)", re.IGNORECASE)


def correction(text: Optional[str]) -> Optional[Tuple[str, str]]:
    """(slot, new value) for "de doelgroep is eigenlijk jonge gezinnen" (free-text fields only)."""
    match = _correction_regex().search(clean_text(text))
    if not match:
        return None
    slot = next(slot for slot in FREE_TEXT if match.group(slot))
    value = match.group("value").strip(" ,")
    return (slot, value) if has_letters(value) else None


def is_correction(text: Optional[str], slot: str) -> bool:
    """Whether the message explicitly corrects `slot`: it names the field ("de prijs is 50 euro") or
    says it corrects something ("eigenlijk kost het 50 euro", "sorry, I meant 50 euros")."""
    text = clean_text(text)
    field_words = knowledge.load("interview")["slots"][slot]["field_words"]
    return bool(find_words(text, field_words) or find_words(text, answers()["corrections"]["cue_words"]))
