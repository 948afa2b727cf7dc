"""The Markdown export of the journey map: one section per stage, readable in any Markdown viewer and as
plain text.

Every string from the journey (the owner's answers, and the advice texts too) goes through `escape()`, so
it is shown as text: it cannot start a heading, list, link, table or emphasis, nor raw HTML in a viewer
that allows HTML, and a newline in it cannot break the document's structure. Labels come from
messages.yml (bot/knowledge) and are our own; they are written as they are.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, List, Mapping, Optional

from bot.render import content
from bot.render.html import involvement_line

# Markdown punctuation that makes structure wherever it stands (emphasis, code, links and images, tables,
# strikethrough, math in GitHub's viewer) is escaped everywhere; what makes structure only at the start of
# a line (a heading "#", a list "- "/"+ "/"1.", a quote ">") is escaped there, so the text stays readable
# ("2026-12-02", "€ 3.000" keep their look). "<" and "&" become entities only where they could start HTML
# or an entity ("<b", "</", "<!", "&amp;"): "Stop & Go" and "3 < 4" stay as they are in the file.
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]|~$])")
_LEADING_MARKER = re.compile(r"^(?:\d+[.)]|[#+\->])")
_ENTITIES = ((re.compile(r"&(?=#?[0-9A-Za-z]+;)"), "&amp;"), (re.compile(r"<(?=[A-Za-z/!?])"), "&lt;"))
MARKS = {"existing": "●", "recommended": "○", "warning": "⚠"}  # beside the words, for a quick scan


def escape(value: Any) -> str:
    """`value` as Markdown text that renders as exactly these characters, on one line."""
    text = "".join(char for char in str(value)
                   if char.isspace() or unicodedata.category(char) != "Cc")  # controls (NUL...) are no text
    text = " ".join(text.split())  # newlines, tabs and runs of spaces: one space, nothing leading
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _LEADING_MARKER.sub(lambda marker: marker.group(0)[:-1] + "\\" + marker.group(0)[-1], text)
    for pattern, entity in _ENTITIES:
        text = pattern.sub(entity, text)
    return text


def _why(journey: Mapping[str, Any], why: str) -> str:
    # a hard line break (two spaces) keeps the why in the list item, on its own line
    return f"  \n  *{content.message(journey, 'reasons_header')}* {escape(why)}" if why else ""


def _item(journey: Mapping[str, Any], item: content.Item, with_why: bool = True) -> str:
    mark = MARKS.get(item.kind, "")
    if item.kind in ("existing", "recommended"):
        line = f"{mark} **{escape(item.text)}** ({item.tag})"
    else:
        line = (f"{mark} " if mark else "") + escape(item.text) + (f" (**{item.tag}**)" if item.tag else "")
    return f"- {line}" + (_why(journey, item.why) if with_why else "")


def _list(journey: Mapping[str, Any], items: Iterable[content.Item]) -> List[str]:
    lines = [_item(journey, item) for item in items]
    return lines or [f"- {content.NONE}"]


def _stage(journey: Mapping[str, Any], stage: content.Stage) -> List[str]:
    goal = stage.lane("goal")
    emotion = content.message(journey, "export_emotion", emotion=content.emotion_value(stage.emotion))
    lines = [f"## {stage.number}. {escape(stage.name)} ({stage.share})", "",
             f"**{goal.heading}:** {escape(goal.items[0].text)}", "",
             f"**{content.message(journey, 'map_emotion')}:** {emotion}", ""]
    for kind in ("touchpoints", "tactics", "kpis", "pains", "warnings"):
        lane = stage.lane(kind)
        if kind == "warnings" and not lane.items:
            continue  # as in the HTML map: the lane is there only when something is wrong
        lines += [f"**{lane.heading}**", ""] + _list(journey, lane.items) + [""]
    return lines


def document(journey: Mapping[str, Any], made_on: Optional[str] = None) -> str:
    """The journey as a Markdown document; `made_on` (a date) adds the footer line."""
    business = journey["profile"].get("business_name")
    business = escape(business) if business else content.message(journey, "unknown_business")
    lines = [f"# {content.message(journey, 'map_title', business=business)}", "",
             involvement_line(journey), "",
             content.message(journey, "reasons_header"), ""]
    lines += [f"- {escape(reason)}" for reason in journey["involvement"]["reasons"]] + [""]
    for stage in content.stages(journey):
        lines += _stage(journey, stage)
    general = content.general_warnings(journey)
    if general:
        lines += [f"## {content.message(journey, 'map_general_warnings')}", ""]
        lines += [_item(journey, item) for item in general] + [""]
    notes = content.notes(journey)
    if notes:
        lines += [f"## {content.message(journey, 'map_notes')}", ""]
        lines += [f"- {escape(note)}" for note in notes] + [""]
    if made_on:
        lines += ["---", "", f"*{content.message(journey, 'map_made_by', date=escape(made_on))}*", ""]
    return "\n".join(lines)
