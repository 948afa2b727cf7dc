"""What the Markdown and PDF exports show, as plain data: per stage its lanes with their items, labelled.

The exports lay the map out differently (a document, a printed board) but must show the same things in
the same order, with the same words; this module picks them from the journey once. Texts are returned
raw: each renderer escapes or draws them as text itself. Nothing here computes advice.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Tuple

from bot import knowledge
from bot.render import chat

# the lanes of a stage, in the order every export shows them (the feeling is a number, not a lane of items)
LANES = ("goal", "touchpoints", "tactics", "kpis", "pains", "warnings")
NONE = "—"  # an empty lane, as in the HTML map


@dataclass(frozen=True)
class Item:
    """One entry of a lane. `kind` says how it is marked (existing, recommended, pain, warning, plain);
    `tag` is that mark in words, because a mark is never told by shape or colour alone."""

    text: str
    kind: str = "plain"
    tag: str = ""
    why: str = ""


@dataclass(frozen=True)
class Lane:
    kind: str
    heading: str
    items: Tuple[Item, ...]


@dataclass(frozen=True)
class Stage:
    id: str
    number: int
    name: str
    share: str        # "30% van de reis"
    weight: float
    emotion: float
    lanes: Tuple[Lane, ...]

    def lane(self, kind: str) -> Lane:
        return next(lane for lane in self.lanes if lane.kind == kind)


def message(journey: Mapping[str, Any], key: str, **values: Any) -> str:
    return knowledge.message(key, journey["language"], **values)


def emotion_value(emotion: float) -> str:
    """-2..+2 with its sign; 0 without one."""
    return "0" if emotion == 0 else f"{emotion:+g}"


def warnings_by_stage(journey: Mapping[str, Any]) -> Dict[str, List[Mapping[str, Any]]]:
    """Warnings per stage id; "" holds the journey-wide ones (a stage that is none of the journey's)."""
    stage_ids = {stage["id"] for stage in journey["stages"]}
    grouped: Dict[str, List[Mapping[str, Any]]] = {}
    for warning in journey["warnings"]:
        grouped.setdefault(warning["stage"] if warning["stage"] in stage_ids else "", []).append(warning)
    return grouped


def _warning(journey: Mapping[str, Any], warning: Mapping[str, Any]) -> Item:
    tag = message(journey, "map_for_pain") if warning.get("addresses_pain") else ""
    return Item(warning["text"], "warning", tag, warning["why"])


def stages(journey: Mapping[str, Any]) -> List[Stage]:
    language = journey["language"]
    status = {"existing": message(journey, "map_existing"), "recommended": message(journey, "map_recommended")}
    for_pain = message(journey, "map_for_pain")
    warnings = warnings_by_stage(journey)
    result = []
    for index, stage in enumerate(journey["stages"]):
        lanes = (
            Lane("goal", message(journey, "stage_wants"), (Item(stage["customer_goal"]),)),
            Lane("touchpoints", message(journey, "map_touchpoints"), tuple(
                Item(chat.channel_name(tp["channel"], language), tp["status"], status[tp["status"]], tp["why"])
                for tp in stage["touchpoints"])),
            Lane("tactics", message(journey, "stage_todo"), tuple(
                Item(tactic["text"], "pain" if tactic.get("addresses_pain") else "plain",
                     for_pain if tactic.get("addresses_pain") else "", tactic["why"])
                for tactic in stage["tactics"])),
            Lane("kpis", message(journey, "stage_measure"), tuple(Item(kpi) for kpi in stage["kpis"])),
            Lane("pains", message(journey, "map_pains"), tuple(Item(pain) for pain in stage["pain_points"])),
            Lane("warnings", message(journey, "map_warnings"),
                 tuple(_warning(journey, warning) for warning in warnings.get(stage["id"], []))),
        )
        result.append(Stage(stage["id"], index + 1, stage["name"],
                            message(journey, "map_share", percent=round(stage["weight"] * 100)),
                            stage["weight"], stage["emotion"], lanes))
    return result


def general_warnings(journey: Mapping[str, Any]) -> List[Item]:
    return [_warning(journey, warning) for warning in warnings_by_stage(journey).get("", [])]


def notes(journey: Mapping[str, Any]) -> List[str]:
    return list(journey.get("notes") or [])
