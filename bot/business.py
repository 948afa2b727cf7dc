"""What kind of business this is (knowledge/business_types.yml), and who decides on the buyer's side.

Derived from the answers by rules; the owner can correct the type, and a corrected type wins.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Optional, Tuple

from bot import knowledge
from bot.parse.phrases import find_words, first_named
from bot.parse.timing import frequency
from bot.profile import Profile


def types() -> Dict[str, dict]:
    return knowledge.load("business_types")["types"]


def name(type_id: str, language: str) -> str:
    return knowledge.text(types()[type_id]["name"], language)


def traits(type_id: Optional[str]) -> FrozenSet[str]:
    return frozenset(types().get(type_id or "", {}).get("traits", []))


@dataclass(frozen=True)
class Derivation:
    """The type the rules give, and whether they are sure of it: a rule that found the kind of business
    in the owner's words decided, and no rule of another type found it too. Unsure derivations (decided
    by the market or the channels alone, or by words of two kinds) are asked in the interview."""

    type: str
    sure: bool
    rivals: Tuple[str, ...] = ()   # other types whose words the answers contain, most likely first


def _holds(rule: dict, profile: Profile, channels: set, found, rebuy: bool) -> bool:
    if "cues" in rule and not find_words(profile.said(*rule.get("in", ["offering", "business_name"])), rule["cues"]):
        return False
    if "market" in rule and profile.market not in rule["market"]:
        return False
    if "channels_any" in rule and not channels.intersection(rule["channels_any"]):
        return False
    if "channels_none" in rule and channels.intersection(rule["channels_none"]):
        return False
    if "frequencies" in rule and (found is None or found.category not in rule["frequencies"]):
        return False
    return "rebuy" not in rule or rule["rebuy"] == rebuy


def derivation(profile: Profile, rebuy: bool) -> Derivation:
    """All rules that hold, in order: the first decides (business_types.yml `rules`)."""
    cfg = knowledge.load("business_types")
    channels = set(profile.channels)
    found = frequency(profile.purchase_frequency, loose=True)
    holding = [rule for rule in cfg["rules"] if _holds(rule, profile, channels, found, rebuy)]
    kind = holding[0]["type"] if holding else cfg["default"]
    worded = list(dict.fromkeys(rule["type"] for rule in holding
                                if ("cues" in rule and rule.get("sure", True)) or kind in rule.get("rival", [])))
    rivals = tuple(other for other in worded if other != kind)
    sure = bool(holding) and "cues" in holding[0] and holding[0].get("sure", True) and not rivals
    return Derivation(kind, sure, rivals)


def derive(profile: Profile, rebuy: bool) -> str:
    """The type the rules give for these answers (the first rule that holds), ignoring a correction."""
    return derivation(profile, rebuy).type


def business_type(profile: Profile, rebuy: bool) -> str:
    """The owner's own choice when they corrected it, otherwise the derived type."""
    if profile.business_type in types():
        return profile.business_type
    return derive(profile, rebuy)


def sensitive(profile: Profile) -> bool:
    """Customers come in grief or fear (a funeral director, a hospice): business_types.yml `sensitive_cues`."""
    return bool(find_words(profile.said("offering", "business_name"), knowledge.load("business_types")["sensitive_cues"]))


def buyer(profile: Profile) -> str:
    """consumer | sole_trader | organisation | mixed: who decides on the buyer's side."""
    cues = knowledge.load("business_types")["buyers"]["sole_cues"]
    if profile.market in (None, "b2c"):
        return "consumer"
    if find_words(profile.said("audience", "offering"), cues):
        return "sole_trader" if profile.market == "b2b" else "consumer"
    return "organisation" if profile.market == "b2b" else "mixed"


def type_from_text(text: str) -> Optional[str]:
    """The type an owner's words name ("het is eigenlijk een webwinkel", "horeca", a button's title):
    a type's name, else the earliest of the types' answer words, else the rules' cue words."""
    cfg = knowledge.load("business_types")
    for type_id, entry in types().items():
        if find_words(text, [entry["name"]["nl"], entry["name"]["en"]]):
            return type_id
    named = first_named(text, cfg["answer_words"])
    if named:
        return named
    for rule in cfg["rules"]:
        if "cues" in rule and find_words(text, rule["cues"]):
            return rule["type"]
    return None
