"""What kind of business this is (knowledge/business_types.yml), and who decides on the buyer's side.

Derived from the answers by rules; the owner can correct the type, and a corrected type wins.
"""
from __future__ import annotations

from typing import Dict, FrozenSet, Optional

from bot import knowledge
from bot.parse.phrases import find_words
from bot.parse.timing import frequency
from bot.profile import Profile


def types() -> Dict[str, dict]:
    return knowledge.load("business_types")["types"]


def name(type_id: str, language: str) -> str:
    return knowledge.text(types()[type_id]["name"], language)


def traits(type_id: Optional[str]) -> FrozenSet[str]:
    return frozenset(types().get(type_id or "", {}).get("traits", []))


def derive(profile: Profile, rebuy: bool) -> str:
    """The type the rules give for these answers (the first rule that holds), ignoring a correction."""
    cfg = knowledge.load("business_types")
    channels = set(profile.channels)
    found = frequency(profile.purchase_frequency, loose=True)
    for rule in cfg["rules"]:
        if "cues" in rule and not find_words(profile.said(*rule.get("in", ["offering", "business_name"])),
                                             rule["cues"]):
            continue
        if "market" in rule and profile.market not in rule["market"]:
            continue
        if "channels_any" in rule and not channels.intersection(rule["channels_any"]):
            continue
        if "channels_none" in rule and channels.intersection(rule["channels_none"]):
            continue
        if "frequencies" in rule and (found is None or found.category not in rule["frequencies"]):
            continue
        if "rebuy" in rule and rule["rebuy"] != rebuy:
            continue
        return rule["type"]
    return cfg["default"]


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
    """The type a typed correction names ("het is eigenlijk een webwinkel"): a type's name words, else
    the rules' cue words."""
    cfg = knowledge.load("business_types")
    for type_id, entry in types().items():
        if find_words(text, [entry["name"]["nl"], entry["name"]["en"]]):
            return type_id
    for rule in cfg["rules"]:
        if "cues" in rule and find_words(text, rule["cues"]):
            return rule["type"]
    return None
