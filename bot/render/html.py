"""The visual journey map as HTML: stages as columns, lanes for what the customer wants, the touchpoints
(today's and recommended ones marked differently), what to do, what to measure and the owner's pain
points; an emotion curve across the stages (inline SVG); the involvement with its reasons; warnings in
their stage.

One renderer for both places the map is shown: `fragment()` goes into the chat widget (the web channel
adds it to the journey message, so the browser computes nothing), `page()` is the HTML export, the same
fragment with the stylesheet inlined. Every string from the journey is escaped: owners' answers
(business name, pain points...) are shown as text, never as markup.
"""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

from bot import knowledge
from bot.render import chat

STYLESHEET = Path(__file__).with_name("map.css")

# the emotion curve: one column of this many SVG units per stage, emotions -2..2 mapped onto the height
CURVE_COLUMN = 100
CURVE_HEIGHT = 64
CURVE_MARGIN = 10
NONE = "—"  # an empty lane


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _mood(emotion: int) -> str:
    """The style class of an emotion: pos, zero or neg."""
    return "pos" if emotion > 0 else "neg" if emotion < 0 else "zero"


def _msg(journey: Mapping[str, Any], key: str, **values: Any) -> str:
    return knowledge.message(key, journey["language"], **values)


def title(journey: Mapping[str, Any]) -> str:
    business = journey["profile"].get("business_name") or _msg(journey, "unknown_business")
    return _msg(journey, "map_title", business=business)


def involvement_line(journey: Mapping[str, Any]) -> str:
    return _msg(journey, "map_involvement", **chat.involvement_texts(journey))


def emotion_points(stages: List[Mapping[str, Any]]) -> List[tuple]:
    """(x, y) of each stage's emotion on the curve, in SVG units."""
    usable = CURVE_HEIGHT - 2 * CURVE_MARGIN
    return [(index * CURVE_COLUMN + CURVE_COLUMN / 2,
             CURVE_MARGIN + (2 - stage["emotion"]) / 4 * usable) for index, stage in enumerate(stages)]


def emotion_curve(journey: Mapping[str, Any]) -> str:
    """The curve stretches to the board's width (preserveAspectRatio none), so nothing in it may have a
    shape to distort: the line and the dots (zero-length round-capped strokes) keep their pixel width
    (non-scaling strokes), and the values are HTML labels placed over the points."""
    stages = journey["stages"]
    width = CURVE_COLUMN * len(stages)
    points = emotion_points(stages)
    label = _msg(journey, "map_emotion_curve")
    middle = CURVE_HEIGHT / 2
    dots = "".join(
        f'<line class="rw-dot rw-emotion-{_mood(s["emotion"])}" x1="{x:.0f}" y1="{y:.1f}" x2="{x:.0f}" y2="{y:.1f}">'
        f'<title>{_e(s["name"])}: {s["emotion"]:+d}</title></line>'
        for s, (x, y) in zip(stages, points))
    labels = "".join(
        f'<span class="rw-dot-label rw-emotion-{_mood(s["emotion"])}" aria-hidden="true" '
        f'style="left:{x / width * 100:.2f}%;top:{y / CURVE_HEIGHT * 100:.2f}%">{s["emotion"]:+d}</span>'
        for s, (x, y) in zip(stages, points))
    line = " ".join(f"{x:.0f},{y:.1f}" for x, y in points)
    return (f'<div class="rw-curve-wrap"><svg class="rw-curve" viewBox="0 0 {width} {CURVE_HEIGHT}" '
            f'preserveAspectRatio="none" role="img" aria-label="{_e(label)}"><title>{_e(label)}</title>'
            f'<line class="rw-zero" x1="0" y1="{middle}" x2="{width}" y2="{middle}"/>'
            f'<polyline class="rw-line" points="{line}"/>{dots}</svg>{labels}</div>')


def _lane(kind: str, heading: str, items: List[str]) -> str:
    body = "".join(f"<li>{item}</li>" for item in items) if items else f'<li class="rw-empty">{NONE}</li>'
    return f'<div class="rw-lane rw-{kind}"><h4>{_e(heading)}</h4><ul>{body}</ul></div>'


def _stage(journey: Mapping[str, Any], index: int, warnings: List[Mapping[str, Any]]) -> str:
    stage = journey["stages"][index]
    language = journey["language"]
    status = {"existing": _msg(journey, "map_existing"), "recommended": _msg(journey, "map_recommended")}
    touchpoints = [
        f'<span class="rw-tp rw-{tp["status"]}" title="{_e(tp["why"])}">'
        f'<span class="rw-tp-name">{_e(chat.channel_name(tp["channel"], language))}</span> '
        f'<span class="rw-tp-status">{_e(status[tp["status"]])}</span></span>'
        for tp in stage["touchpoints"]]
    tactics = [
        f'<span class="rw-tactic{" rw-for-pain" if tactic.get("addresses_pain") else ""}">{_e(tactic["text"])}'
        + (f' <em class="rw-badge">{_e(_msg(journey, "map_for_pain"))}</em>' if tactic.get("addresses_pain") else "")
        + f'<small class="rw-why">{_e(tactic["why"])}</small></span>'
        for tactic in stage["tactics"]]
    emotion = stage["emotion"]
    lanes = [
        f'<header class="rw-stage-head"><h3><span class="rw-num">{index + 1}</span> {_e(stage["name"])}</h3>'
        f'<p class="rw-share">{_e(_msg(journey, "map_share", percent=round(stage["weight"] * 100)))}</p>'
        f'<div class="rw-bar" style="width:{min(100, round(stage["weight"] * 100 * 2.5))}%"></div></header>',
        f'<div class="rw-lane rw-goal"><h4>{_e(_msg(journey, "stage_wants"))}</h4><p>{_e(stage["customer_goal"])}</p></div>',
        f'<div class="rw-lane rw-feeling"><h4>{_e(_msg(journey, "map_emotion"))}</h4>'
        f'<p class="rw-emotion-value rw-emotion-{_mood(emotion)}">'
        f'{emotion:+d}</p></div>',
        _lane("touchpoints", _msg(journey, "map_touchpoints"), touchpoints),
        _lane("tactics", _msg(journey, "stage_todo"), tactics),
        _lane("kpis", _msg(journey, "stage_measure"), [_e(kpi) for kpi in stage["kpis"]]),
        _lane("pains", _msg(journey, "map_pains"), [_e(pain) for pain in stage["pain_points"]]),
    ]
    if warnings:
        lanes.append(_lane("warnings", _msg(journey, "map_warnings"),
                           [f'{_e(w["text"])}<small class="rw-why">{_e(w["why"])}</small>' for w in warnings]))
    return (f'<article class="rw-stage" data-stage="{_e(stage["id"])}" '
            f'aria-label="{_e(stage["name"])}">{"".join(lanes)}</article>')


def _exports(journey: Mapping[str, Any]) -> str:
    exports = journey.get("exports")
    if not exports:
        return ""
    links = " · ".join(f'<a href="{_e(url)}" download>{_e(kind.upper())}</a>' for kind, url in exports.items())
    return f'<p class="rw-exports">{_msg(journey, "map_exports", links=links)}</p>'


def fragment(journey: Mapping[str, Any]) -> str:
    """The map as one <section>, for the widget and inside the HTML export."""
    stage_ids = {stage["id"] for stage in journey["stages"]}
    by_stage: Dict[str, List[Mapping[str, Any]]] = {}
    for warning in journey["warnings"]:
        by_stage.setdefault(warning["stage"] if warning["stage"] in stage_ids else "", []).append(warning)
    reasons = "".join(f"<li>{_e(reason)}</li>" for reason in journey["involvement"]["reasons"])
    columns = "".join(_stage(journey, index, by_stage.get(stage["id"], []))
                      for index, stage in enumerate(journey["stages"]))
    general = by_stage.get("", [])
    general_html = (f'<div class="rw-general"><h4>{_e(_msg(journey, "map_general_warnings"))}</h4><ul>'
                    + "".join(f"<li>{_e(w['text'])}</li>" for w in general) + "</ul></div>") if general else ""
    notes = journey.get("notes") or []
    notes_html = (f'<div class="rw-notes"><h4>{_e(_msg(journey, "map_notes"))}</h4><ul>'
                  + "".join(f"<li>{_e(note)}</li>" for note in notes) + "</ul></div>") if notes else ""
    count = len(journey["stages"])
    return (f'<section class="rw-map rw-level-{_e(journey["involvement"]["level"])}" lang="{_e(journey["language"])}" '
            f'style="--rw-stages:{count}" aria-label="{_e(title(journey))}">'
            f'<header class="rw-map-head"><h2>{_e(title(journey))}</h2>'
            f'<p class="rw-involvement">{_e(involvement_line(journey))}</p>'
            f'<ul class="rw-reasons">{reasons}</ul></header>'
            f'<div class="rw-scroll"><div class="rw-board">'
            f'<div class="rw-curve-row">{emotion_curve(journey)}</div>'
            f'<div class="rw-stages">{columns}</div></div></div>'
            f'{general_html}{notes_html}{_exports(journey)}</section>')


def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def page(journey: Mapping[str, Any], made_on: Optional[str] = None) -> str:
    """The HTML export: a standalone page (no scripts, nothing fetched) holding the map."""
    footer = f'<footer class="rw-footer">{_e(_msg(journey, "map_made_by", date=made_on))}</footer>' if made_on else ""
    return (f'<!doctype html><html lang="{_e(journey["language"])}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title(journey))}</title><style>{stylesheet()}'
            f'body{{margin:0;padding:1rem;font-family:system-ui,sans-serif;background:#f6f5f2}}</style></head>'
            f'<body>{fragment(journey)}{footer}</body></html>')
