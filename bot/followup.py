"""After the journey: what to do first, a persona with a value-proposition sketch, and what changed.

Plain functions over a journey dict (and the profile); the texts come from knowledge/*.yml.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping

from bot import knowledge
from bot.conditions import holds
from bot.journey import profile_facts
from bot.profile import PROFILE_SLOTS, Profile



def stage_by_id(journey: Dict[str, Any], stage_id: str | None) -> Dict[str, Any] | None:
    """The stage with this id, or the one covering this phase (so "aankoop" works in every model)."""
    if not stage_id:
        return None
    for stage in journey["stages"]:
        if stage["id"] == stage_id:
            return stage
    return next((stage for stage in journey["stages"] if stage_id in stage.get("phases", [])), None)


def priorities(journey: Dict[str, Any]) -> List[Dict[str, str]]:
    """The top priorities, each with why it comes first: what goes wrong now (most severe warnings)
    before new advice; then the tactics that serve the owner's goal; then the highest-ranked ones."""
    language = journey["language"]
    names = {stage["id"]: stage["name"] for stage in journey["stages"]}
    items: List[Dict[str, str]] = []
    for warning in journey["warnings"]:
        if warning.get("severity", 1) >= 2:
            items.append({"text": warning["text"], "because": knowledge.message(
                "priority_warning", language, stage=names.get(warning["stage"], "—"))})
    tactics = [(tactic, stage) for stage in journey["stages"] for tactic in stage["tactics"]]
    tactics.sort(key=lambda pair: (-pair[0].get("serves_goal", False), -pair[0].get("rank", 0), -pair[1]["weight"]))
    seen = set()
    for tactic, stage in tactics:
        if tactic["id"] in seen:
            continue
        seen.add(tactic["id"])
        key = "priority_goal" if tactic.get("serves_goal") else "priority_rank"
        items.append({"text": tactic["text"], "because": knowledge.message(
            key, language, stage=stage["name"], percent=round(stage["weight"] * 100), why=tactic["why"])})
    return items[:knowledge.load("tactics")["ranking"]["priorities"]]


def persona(profile: Profile, journey: Dict[str, Any]) -> Dict[str, Any]:
    """A persona from the answers, with pains/pain relievers and gains/gain creators (value proposition
    canvas); relievers and creators are tactics of this journey."""
    language = profile.language
    facts = profile_facts(profile)
    tactic_text = {t["id"]: t["text"] for stage in journey["stages"] for t in stage["tactics"]}
    rules = knowledge.load("persona")

    def pick(entries, key):
        chosen = [e for e in entries if holds(e["when"], facts)]
        return ([knowledge.text(e["text"], language) for e in chosen],
                list(dict.fromkeys(tactic_text[t] for e in chosen for t in e[key] if t in tactic_text)))

    pains, relievers = pick(rules["pains"], "relievers")
    gains, creators = pick(rules["gains"], "creators")
    own = [p for stage in journey["stages"] for p in stage["pain_points"]]
    return {"who": profile.audience or knowledge.message("persona_unknown_audience", language),
            "buys": profile.offering, "how_often": profile.purchase_frequency, "thinks": profile.decision_time,
            "level": journey["involvement"]["level"], "mode": journey["involvement"]["mode"],
            "pains": own + pains, "pain_relievers": relievers[:4], "gains": gains, "gain_creators": creators[:4]}


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> List[str]:
    """The interview fields whose value changed, in interview order."""
    return [slot for slot in PROFILE_SLOTS if (before.get(slot) or None) != (after.get(slot) or None)]
