"""Chat text: the journey as short messages, one per stage (for REST, the shell, the widget, Slack text)."""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

from bot import knowledge

PAIN_QUOTE = 60  # a pain point is quoted up to this many characters next to the tactic that answers it


def _shown(stage: Dict[str, Any]) -> int:
    """How many tactics a stage shows in chat (tactics.yml `ranking`)."""
    ranking = knowledge.load("tactics")["ranking"]
    long_stage = stage["weight"] >= ranking["long_stage_share"]
    return ranking["shown_per_long_stage"] if long_stage else ranking["shown_per_stage"]


def _pain_answers(journey: Dict[str, Any]) -> Dict[str, str]:
    """tactic id -> the owner's pain point it answers (the first one), shortened for a chat line."""
    answers: Dict[str, str] = {}
    for pain in journey.get("pains", []):
        text = pain["text"] if len(pain["text"]) <= PAIN_QUOTE else pain["text"][:PAIN_QUOTE].rsplit(" ", 1)[0] + "…"
        for item in pain["answered_by"]:
            answers.setdefault(item, text)
    return answers


def _shown_tactics(stage: Dict[str, Any], answers: Dict[str, str]) -> List[Dict[str, Any]]:
    """The stage's best tactics for chat: every one that answers a pain point of the owner, then the
    highest-ranked others up to the stage's limit (the payload keeps them all)."""
    limit = _shown(stage)
    for_pains = [tactic for tactic in stage["tactics"] if tactic["id"] in answers]
    others = [tactic for tactic in stage["tactics"] if tactic["id"] not in answers]
    return for_pains + others[:max(0, limit - len(for_pains))]


def channel_name(channel_id: str, language: str) -> str:
    for entry in knowledge.load("channels")["channels"]:
        if entry["id"] == channel_id:
            return knowledge.text(entry["name"], language)
    return channel_id


def involvement_texts(journey: Dict[str, Any]) -> Dict[str, str]:
    """The journey's involvement level and mode in words: {level_text, mode_text}."""
    messages, language = knowledge.load("messages"), journey["language"]
    return {"level_text": knowledge.text(messages["involvement_text"][journey["involvement"]["level"]], language),
            "mode_text": knowledge.text(messages["mode_text"][journey["involvement"]["mode"]], language)}


def intro(journey: Dict[str, Any], business_name: str | None) -> str:
    language = journey["language"]
    texts = involvement_texts(journey)
    head = knowledge.message(
        "journey_intro", language,
        business=business_name or knowledge.message("unknown_business", language),
        involvement_text=texts["level_text"], mode_text=texts["mode_text"],
    )
    reasons = "\n".join(f"• {reason}" for reason in journey["involvement"]["reasons"])
    return f"{head}\n{knowledge.message('reasons_header', language)}\n{reasons}"


def stage(journey: Dict[str, Any], index: int) -> str:
    language = journey["language"]
    data = journey["stages"][index]
    message = lambda key, **kw: knowledge.message(key, language, **kw)  # noqa: E731
    status = {"existing": message("stage_existing"), "recommended": message("stage_recommended")}
    places = ", ".join(f"{channel_name(tp['channel'], language)} ({status[tp['status']]})"
                       for tp in data["touchpoints"]) or "—"
    answers = _pain_answers(journey)
    todo = "\n".join(f"• {tactic['text']}" + (f" ({message('stage_pain_answer', pain=answers[tactic['id']])})"
                                              if tactic["id"] in answers else "")
                     for tactic in _shown_tactics(data, answers))
    lines = [
        message("stage_title", index=index + 1, name=data["name"], percent=round(data["weight"] * 100)),
        f"{message('stage_wants')}: {data['customer_goal']}",
        f"{message('stage_touchpoints')}: {places}",
        f"{message('stage_todo')}:\n{todo}",
    ]
    return "\n".join(lines + _measures_and_pains(data, message))


def _measures_and_pains(data: Dict[str, Any], message) -> List[str]:
    """The KPI and pain-point lines of a stage (none when empty)."""
    lines = []
    if data["kpis"]:
        lines.append(f"{message('stage_measure')}: " + "; ".join(data["kpis"]))
    if data["pain_points"]:
        lines.append(f"{message('stage_pain')}: " + "; ".join(data["pain_points"]))
    return lines


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


def notes(journey: Dict[str, Any]) -> List[str]:
    """Skipped questions and pain points without specific advice, as one message (none if empty)."""
    if not journey.get("notes"):
        return []
    return [knowledge.message("notes_header", journey["language"]) + "\n" + _bullets(journey["notes"])]


def render_parts(journey: Dict[str, Any]) -> List[Tuple[str, str]]:
    """All chat messages for a journey, in the order they are sent, each with its part: "intro",
    "stage", "warnings", "note" or "outro" (the web widget leaves out what its map shows)."""
    business = journey["profile"].get("business_name")
    return ([("intro", intro(journey, business))]
            + [("stage", stage(journey, index)) for index in range(len(journey["stages"]))]
            + [("warnings", warnings(journey))] + [("note", text) for text in notes(journey)]
            + [("outro", knowledge.message("journey_outro", journey["language"]))])


def render(journey: Dict[str, Any]) -> List[str]:
    """All chat messages for a journey, in the order they are sent."""
    return [text for _, text in render_parts(journey)]


# --- follow-ups after the journey ---------------------------------------------------------------------

def _bullets(items) -> str:
    return "\n".join(f"• {item}" for item in items)


def stage_detail(journey: Dict[str, Any], data: Dict[str, Any]) -> str:
    """One stage in depth: every tactic with its why, every touchpoint with its why, KPIs, feelings."""
    language = journey["language"]
    message = lambda key, **kw: knowledge.message(key, language, **kw)  # noqa: E731
    status = {"existing": message("stage_existing"), "recommended": message("stage_recommended")}
    lines = [f"{data['name']} — {data['customer_goal']}",
             message("stage_detail_emotion", emotion=data["emotion"]),
             f"{message('stage_detail_tactics')}:",
             _bullets(f"{t['text']} ({t['why']})" for t in data["tactics"]),
             f"{message('stage_detail_touchpoints')}:",
             _bullets(f"{channel_name(tp['channel'], language)} ({status[tp['status']]}): {tp['why']}"
                      for tp in data["touchpoints"]) or "—"]
    return "\n".join(lines + _measures_and_pains(data, message))


def priorities(journey: Dict[str, Any], items: List[Dict[str, str]]) -> str:
    language = journey["language"]
    because = knowledge.message("because", language)
    lines = [knowledge.message("priorities_header", language)]
    for number, item in enumerate(items, 1):
        lines.append(f"{number}. {item['text']}\n   {because}: {item['because']}")
    return "\n".join(lines)


def persona(journey: Dict[str, Any], data: Dict[str, Any]) -> str:
    language = journey["language"]
    messages = knowledge.load("messages")
    message = lambda key, **kw: knowledge.message(key, language, **kw)  # noqa: E731
    unknown = message("unknown_value")
    lines = [message("persona_header", who=data["who"]),
             message("persona_buys", buys=data["buys"] or unknown, how_often=data["how_often"] or unknown,
                     thinks=data["thinks"] or unknown,
                     level_text=knowledge.text(messages["involvement_text"][data["level"]], language).capitalize(),
                     mode_text=knowledge.text(messages["mode_text"][data["mode"]], language))]
    for key, items in (("persona_pains", data["pains"]), ("persona_relievers", data["pain_relievers"]),
                       ("persona_gains", data["gains"]), ("persona_creators", data["gain_creators"])):
        if items:
            lines.append(f"{message(key)}:\n{_bullets(items)}")
    return "\n".join(lines)


def compare(journey: Dict[str, Any]) -> str:
    """Today's touchpoints against what the advice adds, per stage (from a future-state journey)."""
    language = journey["language"]
    message = lambda key, **kw: knowledge.message(key, language, **kw)  # noqa: E731
    lines = [message("compare_header")]
    for data in journey["stages"]:
        now = [channel_name(tp["channel"], language) for tp in data["touchpoints"] if tp["status"] == "existing"]
        add = [channel_name(tp["channel"], language) for tp in data["touchpoints"] if tp["status"] == "recommended"]
        add += [channel_name(gap["channel"], language) for gap in data.get("gaps", [])]
        lines.append(f"{data['name']}: {message('compare_now')}: {', '.join(now) or message('compare_nothing')}"
                     f" → {message('compare_add')}: {', '.join(add) or message('compare_nothing')}")
    lines.append(message("compare_warnings", count=len(journey["warnings"])))
    return "\n".join(lines)


def why_involvement(journey: Dict[str, Any]) -> str:
    language = journey["language"]
    level = knowledge.text(knowledge.load("messages")["involvement_text"][journey["involvement"]["level"]], language)
    return knowledge.message("why_involvement", language, level_text=level) + "\n" + \
        _bullets(journey["involvement"]["reasons"])


def why_stage(journey: Dict[str, Any], data: Dict[str, Any], general: bool = False) -> str:
    language = journey["language"]
    head = knowledge.message("why_general" if general else "why_stage", language, stage=data["name"])
    return head + "\n" + _bullets(f"{t['text']} — {t['why']}" for t in data["tactics"][:knowledge.load("tactics")["ranking"]["shown_per_stage"]])
