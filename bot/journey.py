"""Journey assembly: profile + involvement → the stage-by-stage journey (DESIGN.md's journey JSON).

Every piece of advice comes from knowledge/*.yml and carries its `why`; this module only selects,
ranks and arranges. The same profile always gives the same journey.

The steps: the business type and buyer (bot/business.py) and the involvement; the owner's pain points
matched to pain rules (each lands in a stage and brings the tactics and checks that answer it); per
stage the touchpoints (with a why per channel and phase), the tactics that fit the business (pain
answers first, then by priority and goal), KPIs and emotion; then one pass over the whole journey that
keeps at most `family_caps` tactics with the same message; then the warnings.
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

from bot import business, knowledge
from bot.conditions import Facts, channel_traits, holds
from bot.involvement import Involvement, assess, straight_rebuy
from bot.parse import timing
from bot.pains import Pain, match_pains, split_pain_points  # noqa: F401 (split_pain_points: used by tests)
from bot.profile import Profile

SCHEMA_ID = "reiswijzer.journey/v1"
# A tactic forced in by a pain point skips only the "is it worth it here" conditions below; the rest make
# it *true* for this business (its type, buyer, channels, sector) and must still hold.
WAIVED_FOR_A_PAIN = frozenset({"involvement", "mode", "goal", "frequencies", "decisions", "rebuy", "pains_any",
                               "pain_mentions"})
# conditions that make a tactic specific to a sector or type: ranked above generic advice (`specific_bonus`)
SPECIFIC_KEYS = {"types_any", "offering_mentions"}


def stage_model(model_id: str) -> Tuple[str, Dict[str, Any]]:
    """(id, model) for this stage model id, or for the default model when the id is unknown."""
    models = knowledge.load("stage_models")
    model_id = model_id if model_id in models["models"] else models["default"]
    return model_id, models["models"][model_id]


# --- facts ---------------------------------------------------------------------------------------------------

def facts_for(profile: Profile, involvement: Involvement, pains: Sequence[Pain] = ()) -> Facts:
    rebuy = involvement.rebuy
    kind = business.business_type(profile, rebuy)
    found_frequency = timing.frequency(profile.purchase_frequency, loose=True)
    found_decision = timing.decision_time(profile.decision_time, loose=True)
    return Facts(
        involvement=involvement.level,
        mode=involvement.mode,
        market=profile.market,
        goal=profile.goal,
        channels=frozenset(profile.channels),
        traits=channel_traits(profile.channels),
        pain_text=(profile.pain_points or "").lower(),
        business_type=kind,
        type_traits=business.traits(kind),
        buyer=business.buyer(profile),
        frequency=found_frequency.category if found_frequency else None,
        decision=found_decision.category if found_decision else None,
        pains=frozenset(rule for pain in pains for rule in pain.rules),
        rebuy=rebuy,
        offering_text=profile.said("offering", "business_name"),
        sensitive=business.sensitive(profile),
    )


def _assessed(profile: Profile) -> Tuple[Involvement, List[Pain], Facts]:
    """What a journey is built on: the involvement (which needs the business type), the owner's pain
    points matched to rules, and the facts the conditions are evaluated against."""
    involvement = assess(profile, business.business_type(profile, straight_rebuy(profile)))
    pains = match_pains(split_pain_points(profile.pain_points), profile.pain_kind)
    return involvement, pains, facts_for(profile, involvement, pains)


def profile_facts(profile: Profile) -> Facts:
    """The facts the journey of this profile is built on (business type, involvement, pains)."""
    return _assessed(profile)[2]


# --- tactics ---------------------------------------------------------------------------------------------------

def _fits(tactic: dict, facts: Facts) -> bool:
    """The tactic's conditions about the business itself hold (the rest may be waived for a pain)."""
    when = tactic.get("when") or {}
    return holds({key: value for key, value in when.items() if key not in WAIVED_FOR_A_PAIN}, facts)


def _tactics(phases: Sequence[str], facts: Facts, language: str, pain_tactics: Sequence[str] = ()) -> List[Dict[str, Any]]:
    """The tactics for these phases: those whose conditions hold, and those that answer one of the
    owner's pain points (if they fit the business), best first."""
    rules = knowledge.load("tactics")
    ranking = rules["ranking"]
    ranked = []
    for order, tactic in enumerate(rules["tactics"]):
        if tactic["phase"] not in phases:
            continue
        answers_pain = tactic["id"] in pain_tactics and _fits(tactic, facts)
        if not answers_pain and not holds(tactic.get("when"), facts):
            continue
        serves_goal = facts.goal in tactic.get("goals", [])
        specific = bool(set(tactic.get("when") or {}) & SPECIFIC_KEYS)
        rank = tactic["priority"] + (ranking["goal_bonus"] if serves_goal else 0) + \
            (ranking["pain_bonus"] if answers_pain else 0) + (ranking["specific_bonus"] if specific else 0)
        ranked.append((-rank, order, {
            "id": tactic["id"],
            "text": knowledge.text(tactic["text"], language),
            "why": knowledge.text(tactic["why"], language),
            "phase": tactic["phase"],
            "rank": rank,
            "serves_goal": serves_goal,
            "addresses_pain": answers_pain,
            "family": tactic.get("family", tactic["id"]),
        }))
    return [entry for _, _, entry in sorted(ranked, key=lambda item: item[:2])]


def _cap_families(stages: List[dict]) -> None:
    """Keeps at most `family_caps` different tactics with the same message in the whole journey: the
    highest-ranked (ties: the earlier stage). A tactic kept stays in every stage it belongs to (stage
    models whose stages share a phase show it twice)."""
    caps = knowledge.load("tactics")["ranking"]["family_caps"]
    best: Dict[str, Tuple[int, int, int, str]] = {}
    for index, stage in enumerate(stages):
        for position, tactic in enumerate(stage["tactics"]):
            key = (-tactic["rank"], index, position, tactic["family"])
            if tactic["id"] not in best or key < best[tactic["id"]]:
                best[tactic["id"]] = key
    kept, counts = set(), {}
    for tactic_id, (_, _, _, family) in sorted(best.items(), key=lambda item: item[1][:3]):
        if counts.get(family, 0) < caps.get(family, caps["default"]):
            counts[family] = counts.get(family, 0) + 1
            kept.add(tactic_id)
    for stage in stages:
        stage["tactics"] = [tactic for tactic in stage["tactics"] if tactic["id"] in kept]
        for tactic in stage["tactics"]:
            tactic.pop("family")


# --- touchpoints ---------------------------------------------------------------------------------------------

def touchpoint_reason(channel: str, phase: str, facts: Facts, language: str) -> str:
    """What this channel does for the customer in this phase (touchpoints.yml `reasons`, with the
    business type's `by_type` or `by_trait` sentence where there is one)."""
    rules = knowledge.load("touchpoints")
    own = rules["by_type"].get(facts.business_type, {})
    if phase in own.get(channel, {}):
        return knowledge.text(own[channel][phase], language)
    for trait, table in rules["by_trait"].items():
        if trait in facts.type_traits and phase in table.get(channel, {}):
            return knowledge.text(table[channel][phase], language)
    texts = rules["reasons"].get(channel, {})
    entry = texts.get(phase) or next(iter(texts.values()), None)
    return knowledge.text(entry, language) if entry else channel


def _touchpoints(phases: Sequence[str], facts: Facts, channels: Sequence[str], language: str) -> List[dict]:
    """The owner's channels in these phases ("existing") and the channels to add ("recommended"), each
    with what it does for the customer in this stage."""
    rules = knowledge.load("touchpoints")
    found: List[dict] = []
    for channel in channels:
        phase = next((p for p in phases if p in rules["phases"].get(channel, [])), None)
        if phase:
            found.append({"channel": channel, "status": "existing",
                          "why": touchpoint_reason(channel, phase, facts, language)})
    candidates = [rec for rec in rules["recommend"]
                  if rec["channel"] not in channels and set(rec["phases"]) & set(phases) and holds(rec.get("when"), facts)]
    candidates.sort(key=lambda rec: -rec["priority"])
    shown = set()
    for rec in candidates:
        if len(shown) >= rules["max_recommended_per_stage"] or rec["channel"] in shown:
            continue
        shown.add(rec["channel"])
        phase = next(p for p in phases if p in rec["phases"])
        found.append({"channel": rec["channel"], "status": "recommended",
                      "why": touchpoint_reason(rec["channel"], phase, facts, language)})
    return found


# --- KPIs, weights, emotions, warnings -------------------------------------------------------------------------

def _kpis(phases: Sequence[str], facts: Facts, language: str) -> List[str]:
    rules = knowledge.load("kpis")
    chosen: List[str] = []
    for phase in phases:
        chosen += [kpi[language] for kpi in rules["kpis"][phase] if holds(kpi.get("when"), facts)]
    return chosen[: rules["max_per_stage"] * len(phases)]


def _weights(model: dict, facts: Facts) -> List[float]:
    """Each stage's share of the journey: the model's weight for the involvement, shifted towards the
    owner's goal and by the kind of business, scaled back to 1."""
    cfg = knowledge.load("stage_models")
    goal_phase = cfg["goal_phases"].get(facts.goal or "")
    shifts = cfg["type_weights"].get(facts.business_type or "", {})
    raw = []
    for stage in model["stages"]:
        weight = stage["weight"][facts.involvement]
        weight += sum(shifts.get(phase, 0.0) for phase in stage["phases"])
        if goal_phase in stage["phases"]:
            weight += cfg["goal_weight"]
        raw.append(weight)
    total = sum(raw)
    return [weight / total for weight in raw]


def _emotion(stage: dict, facts: Facts, pains_here: int) -> int:
    cfg = knowledge.load("stage_models")
    shifts = cfg["type_emotions"].get(facts.business_type or "", {})
    emotion = stage["emotion"][facts.involvement] + sum(shifts.get(phase, 0) for phase in stage["phases"])
    if facts.sensitive:
        emotion += sum(cfg["sensitive_emotions"].get(phase, 0) for phase in stage["phases"])
    if pains_here:
        emotion -= knowledge.load("pain_points")["emotion_penalty"]
    return max(-2, min(2, emotion))


def _warnings(facts: Facts, stages: Sequence[dict], language: str, pain_checks: Sequence[str]) -> List[dict]:
    stage_of_phase = {phase: stage["id"] for stage in stages for phase in stage["phases"]}
    fired = [check for check in knowledge.load("checks")["checks"] if holds(check["when"], facts)]
    fired.sort(key=lambda check: (-(check["id"] in pain_checks), -check["severity"]))
    return [{
        "id": check["id"],
        "stage": stage_of_phase.get(check["stage"]) if check["stage"] else None,
        "severity": check["severity"],
        "text": knowledge.text(check["text"], language),
        "why": knowledge.text(check["why"], language),
        "addresses_pain": check["id"] in pain_checks or bool(facts.pains and "pains_any" in check["when"]),
    } for check in fired]


def _notes(profile: Profile, unanswered: Sequence[Pain], stages: Sequence[dict]) -> List[str]:
    """One line per skipped question, and one per pain point the rule base has no specific advice for."""
    slots = knowledge.load("interview")["slots"]
    language = profile.language
    notes = [knowledge.message("note_skipped", language, label=knowledge.text(slots[slot]["label"], language))
             for slot in profile.skipped if slot in slots]
    names = {phase: stage["name"] for stage in stages for phase in stage["phases"]}
    notes += [knowledge.message("pain_no_advice", language, pain=pain.text, stage=names.get(pain.phase, pain.phase))
              for pain in unanswered]
    return notes


# --- the journey -----------------------------------------------------------------------------------------------

def build(profile: Profile) -> Dict[str, Any]:
    """The journey for this profile, shaped as the `reiswijzer.journey/v1` contract (exports: None).

    map_type future_state (default): existing and recommended touchpoints. current_state: only today's
    touchpoints; what is missing is listed per stage as `gaps`.
    """
    language = profile.language
    map_type = profile.map_type if profile.map_type in knowledge.load("map_types")["types"] \
        else knowledge.load("map_types")["default"]
    involvement, pains, facts = _assessed(profile)
    model_id, model = stage_model(profile.stage_model)
    pain_tactics = [tactic for pain in pains for tactic in pain.tactics]
    pain_checks = [check for pain in pains for check in pain.checks]

    stages = []
    for stage, weight in zip(model["stages"], _weights(model, facts)):
        phases = stage["phases"]
        stage_pains = [pain.text for pain in pains if pain.phase in phases]
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
            "weight": round(weight, 3),
            "emotion": _emotion(stage, facts, len(stage_pains)),
            "touchpoints": touchpoints,
            "tactics": _tactics(phases, facts, language, pain_tactics),
            "kpis": _kpis(phases, facts, language),
            "pain_points": stage_pains,
            **extra,
        })
    _cap_families(stages)
    warnings = _warnings(facts, stages, language, pain_checks)
    answered = {tactic["id"] for stage in stages for tactic in stage["tactics"] if tactic["addresses_pain"]} | \
        {warning["id"] for warning in warnings if warning["addresses_pain"]}
    answered_by = [[item for item in pain.tactics + pain.checks if item in answered] for pain in pains]
    unanswered = [pain for pain, items in zip(pains, answered_by) if not items]
    stage_of_phase = {phase: stage["id"] for stage in stages for phase in stage["phases"]}

    return {
        "schema": SCHEMA_ID,
        "language": language,
        "map_type": map_type,
        "stage_model": model_id,
        "profile": profile.as_contract(facts.business_type),
        "involvement": involvement.as_contract(),
        "stages": stages,
        "warnings": warnings,
        # each pain point: where it lands, the rule that read it, and what answers it ([] = no advice yet)
        "pains": [{"text": pain.text, "stage": stage_of_phase.get(pain.phase), "rule": pain.rule,
                   "answered_by": items} for pain, items in zip(pains, answered_by)],
        "notes": _notes(profile, unanswered, stages),
        "exports": None,
    }
