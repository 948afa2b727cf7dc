"""Evaluates the `when:` conditions of the rule base (tactics, touchpoints, KPIs, checks).

A condition is a dict; every key must hold. See the header of knowledge/tactics.yml for the keys.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, Mapping, Optional

from bot import knowledge
from bot.parse.phrases import has_any


@dataclass(frozen=True)
class Facts:
    """What conditions are evaluated against: derived once per journey."""

    involvement: str
    mode: str
    market: Optional[str]
    goal: Optional[str]
    channels: FrozenSet[str]
    traits: FrozenSet[str]
    pain_text: str
    business_type: Optional[str] = None
    type_traits: FrozenSet[str] = frozenset()
    buyer: str = "consumer"                 # consumer | sole_trader | organisation | mixed
    frequency: Optional[str] = None         # purchase frequency category (answers.yml timing)
    decision: Optional[str] = None          # decision time category
    pains: FrozenSet[str] = frozenset()     # ids of the pain rules the owner's pain points matched
    rebuy: bool = False
    offering_text: str = ""                 # the offering and business name, for `offering_mentions`
    sensitive: bool = False                 # customers come in grief or fear (business_types.yml)


def channel_traits(channels) -> FrozenSet[str]:
    """The union of traits (channels.yml) of the given channel ids."""
    by_id = {entry["id"]: entry for entry in knowledge.load("channels")["channels"]}
    return frozenset(trait for channel in channels for trait in by_id.get(channel, {}).get("traits", []))


def holds(condition: Optional[Mapping[str, Any]], facts: Facts) -> bool:
    """True when every key of the condition holds for these facts (an empty condition always holds)."""
    for key, expected in (condition or {}).items():
        if not _CHECKS[key](expected, facts):
            return False
    return True


_CHECKS: Dict[str, Any] = {
    "involvement": lambda value, f: f.involvement == value,
    "mode": lambda value, f: f.mode == value,
    "market": lambda values, f: f.market in values,
    "goal": lambda values, f: f.goal in values,
    "channels_any": lambda values, f: bool(f.channels.intersection(values)),
    "channels_all": lambda values, f: f.channels.issuperset(values),
    "channels_none": lambda values, f: not f.channels.intersection(values),
    "traits_any": lambda values, f: bool(f.traits.intersection(values)),
    "traits_none": lambda values, f: not f.traits.intersection(values),
    "pain_mentions": lambda words, f: any(word.lower() in f.pain_text for word in words),
    "types_any": lambda values, f: f.business_type in values,
    "types_none": lambda values, f: f.business_type not in values,
    "type_traits_any": lambda values, f: bool(f.type_traits.intersection(values)),
    "type_traits_none": lambda values, f: not f.type_traits.intersection(values),
    "buyers": lambda values, f: f.buyer in values,
    "frequencies": lambda values, f: f.frequency in values,
    "decisions": lambda values, f: f.decision in values,
    "pains_any": lambda values, f: bool(f.pains.intersection(values)),
    "rebuy": lambda value, f: f.rebuy == value,
    "offering_mentions": lambda words, f: has_any(f.offering_text, words),
    "sensitive": lambda value, f: f.sensitive == value,
    # the owner named channels, and at most this many of them bring new customers (channels.yml `discovery`)
    "discovery_channels_at_most": lambda most, f: 0 < len(f.channels.intersection(
        knowledge.load("channels")["discovery"])) <= most,
}
