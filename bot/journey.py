"""Journey assembly: profile + involvement → the stage-by-stage journey (DESIGN.md's journey JSON).

Every piece of advice comes from knowledge/*.yml and carries its `why`; this module only selects,
ranks and arranges. The same profile always gives the same journey.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Sequence, Tuple

from bot import knowledge
from bot.parse import reading
from bot.parse.phrases import clean_text, find_words, has_letters
from bot.conditions import Facts, channel_traits, holds
from bot.involvement import Involvement, assess
from bot.profile import Profile

SCHEMA_ID = "reiswijzer.journey/v1"


def stage_model(model_id: str) -> Tuple[str, Dict[str, Any]]:
    """(id, model) for this stage model id, or for the default model when the id is unknown."""
    models = knowledge.load("stage_models")
    model_id = model_id if model_id in models["models"] else models["default"]
    return model_id, models["models"][model_id]


def facts_for(profile: Profile, involvement: Involvement) -> Facts:
    return Facts(
        involvement=involvement.level,
        mode=involvement.mode,
        market=profile.market,
        goal=profile.goal,
        channels=frozenset(profile.channels),
        traits=channel_traits(profile.channels),
        pain_text=(profile.pain_points or "").lower(),
    )


def split_pain_points(said: str | None) -> List[str]:
    """The owner's pain points as separate items (split on commas, semicolons, sentences and new lines);
    [] for "geen" and the like."""
    said = clean_text(said)
    if not said or reading.is_none_answer(said):
        return []
    parts = re.split(r"\s*(?:[;\n]|,|\.\s)\s*", said)  # "X maar Y" stays one pain point
    return [part.strip(" .") for part in parts if has_letters(part, 3)]


def assign_pain_points(items: Sequence[str]) -> Dict[str, List[str]]:
    """Pain points per phase, by the cue words in knowledge/pain_points.yml."""
    rules = knowledge.load("pain_points")
    by_phase: Dict[str, List[str]] = {}
    for item in items:
        phase = next((phase for phase, cues in rules["phases"].items() if find_words(item, cues)),
                     rules["default_phase"])
        by_phase.setdefault(phase, []).append(item)
    return by_phase


def _tactics(phases: Sequence[str], facts: Facts, language: str) -> List[Dict[str, Any]]:
    ranked = []
    rules = knowledge.load("tactics")
    for order, tactic in enumerate(rules["tactics"]):
        if tactic["phase"] not in phases or not holds(tactic.get("when"), facts):
            continue
        bonus = rules["ranking"]["goal_bonus"] if facts.goal in tactic.get("goals", []) else 0
        rank = tactic["priority"] + bonus
        ranked.append((-rank, order, {
            "id": tactic["id"],
            "text": knowledge.text(tactic["text"], language),
            "why": knowledge.text(tactic["why"], language),
            "phase": tactic["phase"],
            "rank": rank,
            "serves_goal": facts.goal in tactic.get("goals", []),
        }))
    return [entry for _, _, entry in sorted(ranked, key=lambda item: item[:2])]


def _touchpoints(phases: Sequence[str], facts: Facts, channels: Sequence[str], language: str) -> List[dict]:
    """The owner's channels in these phases ("existing") and the channels to add ("recommended")."""
    rules = knowledge.load("touchpoints")
    found: List[dict] = []
    for channel in channels:
        channel_phases = rules["phases"].get(channel, [])
        phase = next((p for p in phases if p in channel_phases), None)
        if phase:
            found.append({"channel": channel, "status": "existing",
                          "why": knowledge.text(rules["role"][phase], language)})
    candidates = [
        rec for rec in rules["recommend"]
        if rec["channel"] not in channels and set(rec["phases"]) & set(phases) and holds(rec.get("when"), facts)
    ]
    candidates.sort(key=lambda rec: -rec["priority"])
    for rec in candidates[: rules["max_recommended_per_stage"]]:
        found.append({"channel": rec["channel"], "status": "recommended",
                      "why": knowledge.text(rec["why"], language)})
    return found


def _kpis(phases: Sequence[str], facts: Facts, language: str) -> List[str]:
    rules = knowledge.load("kpis")
    chosen: List[str] = []
    for phase in phases:
        chosen += [kpi[language] for kpi in rules["kpis"][phase] if holds(kpi.get("when"), facts)]
    return chosen[: rules["max_per_stage"] * len(phases)]


def _warnings(facts: Facts, stages: Sequence[dict], language: str) -> List[dict]:
    stage_of_phase = {phase: stage["id"] for stage in stages for phase in stage["phases"]}
    fired = [check for check in knowledge.load("checks")["checks"] if holds(check["when"], facts)]
    fired.sort(key=lambda check: -check["severity"])
    return [{
        "id": check["id"],
        "stage": stage_of_phase.get(check["stage"]) if check["stage"] else None,
        "severity": check["severity"],
        "text": knowledge.text(check["text"], language),
        "why": knowledge.text(check["why"], language),
    } for check in fired]


def _notes(profile: Profile) -> List[str]:
    """One line per skipped question: the journey says what it could not take into account."""
    slots = knowledge.load("interview")["slots"]
    return [knowledge.message("note_skipped", profile.language, label=knowledge.text(slots[slot]["label"], profile.language))
            for slot in profile.skipped if slot in slots]


def build(profile: Profile) -> Dict[str, Any]:
    """The journey for this profile, shaped as the `reiswijzer.journey/v1` contract (exports: None).

    map_type future_state (default): existing and recommended touchpoints. current_state: only today's
    touchpoints; what is missing is listed per stage as `gaps`.
    """
    language = profile.language
    map_type = profile.map_type if profile.map_type in knowledge.load("map_types")["types"] \
        else knowledge.load("map_types")["default"]
    involvement = assess(profile)
    facts = facts_for(profile, involvement)
    model_id, model = stage_model(profile.stage_model)
    pains = assign_pain_points(split_pain_points(profile.pain_points))
    penalty = knowledge.load("pain_points")["emotion_penalty"]
    total_weight = sum(stage["weight"][involvement.level] for stage in model["stages"])

    stages = []
    for stage in model["stages"]:
        phases = stage["phases"]
        stage_pains = [item for phase in phases for item in pains.get(phase, [])]
        emotion = stage["emotion"][involvement.level] - (penalty if stage_pains else 0)
        touchpoints = _touchpoints(phases, facts, profile.channels, language)
        extra: Dict[str, Any] = {}
        if map_type == "current_state":
            extra["gaps"] = [{"channel": tp["channel"], "why": tp["why"]} for tp in touchpoints
                             if tp["status"] == "recommended"]
            touchpoints = [tp for tp in touchpoints if tp["status"] == "existing"]
        stages.append({
            "id": stage["id"],
            "name": knowledge.text(stage["name"], language),
            "phases": list(phases),
            "customer_goal": knowledge.text(stage["customer_goal"], language),
            "weight": round(stage["weight"][involvement.level] / total_weight, 3),
            "emotion": max(-2, min(2, emotion)),
            "touchpoints": touchpoints,
            "tactics": _tactics(phases, facts, language),
            "kpis": _kpis(phases, facts, language),
            "pain_points": stage_pains,
            **extra,
        })

    return {
        "schema": SCHEMA_ID,
        "language": language,
        "map_type": map_type,
        "stage_model": model_id,
        "profile": profile.as_contract(),
        "involvement": involvement.as_contract(),
        "stages": stages,
        "warnings": _warnings(facts, stages, language),
        "notes": _notes(profile),
        "exports": None,
    }
