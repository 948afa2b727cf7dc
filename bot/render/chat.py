"""Chat text: the journey as short messages, one per stage (for REST, the shell, the widget, Slack text)."""
from __future__ import annotations

from typing import Any, Dict, List

from bot import knowledge

MAX_TACTICS = 3       # tactics shown per stage in chat ...
MAX_TACTICS_LONG = 4  # ... or this many for a stage that takes at least LONG_STAGE of the journey
LONG_STAGE = 0.3


def channel_name(channel_id: str, language: str) -> str:
    for entry in knowledge.load("channels")["channels"]:
        if entry["id"] == channel_id:
            return knowledge.text(entry["name"], language)
    return channel_id


def intro(journey: Dict[str, Any], business_name: str | None) -> str:
    language = journey["language"]
    involvement = journey["involvement"]
    messages = knowledge.load("messages")
    head = knowledge.message(
        "journey_intro", language,
        business=business_name or knowledge.message("unknown_business", language),
        involvement_text=knowledge.text(messages["involvement_text"][involvement["level"]], language),
        mode_text=knowledge.text(messages["mode_text"][involvement["mode"]], language),
    )
    reasons = "\n".join(f"• {reason}" for reason in involvement["reasons"])
    return f"{head}\n{knowledge.message('reasons_header', language)}\n{reasons}"


def stage(journey: Dict[str, Any], index: int) -> str:
    language = journey["language"]
    data = journey["stages"][index]
    message = lambda key, **kw: knowledge.message(key, language, **kw)  # noqa: E731
    status = {"existing": message("stage_existing"), "recommended": message("stage_recommended")}
    places = ", ".join(f"{channel_name(tp['channel'], language)} ({status[tp['status']]})"
                       for tp in data["touchpoints"]) or "—"
    limit = MAX_TACTICS_LONG if data["weight"] >= LONG_STAGE else MAX_TACTICS
    todo = "\n".join(f"• {tactic['text']}" for tactic in data["tactics"][:limit])
    lines = [
        message("stage_title", index=index + 1, name=data["name"], percent=round(data["weight"] * 100)),
        f"{message('stage_wants')}: {data['customer_goal']}",
        f"{message('stage_touchpoints')}: {places}",
        f"{message('stage_todo')}:\n{todo}",
    ]
    if data["kpis"]:
        lines.append(f"{message('stage_measure')}: " + "; ".join(data["kpis"]))
    if data["pain_points"]:
        lines.append(f"{message('stage_pain')}: " + "; ".join(data["pain_points"]))
    return "\n".join(lines)


def warnings(journey: Dict[str, Any]) -> str:
    language = journey["language"]
    if not journey["warnings"]:
        return knowledge.message("no_warnings", language)
    names = {data["id"]: data["name"] for data in journey["stages"]}
    items = []
    for warning in journey["warnings"]:
        where = f"[{names[warning['stage']]}] " if warning["stage"] in names else ""
        items.append(f"⚠ {where}{warning['text']}")
    return knowledge.message("warnings_header", language) + "\n" + "\n".join(items)


def render(journey: Dict[str, Any]) -> List[str]:
    """All chat messages for a journey, in the order they are sent."""
    business = journey["profile"].get("business_name")
    return ([intro(journey, business)]
            + [stage(journey, index) for index in range(len(journey["stages"]))]
            + [warnings(journey), knowledge.message("journey_outro", journey["language"])])
