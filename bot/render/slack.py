"""Slack Block Kit payloads: the finished journey as chat.postMessage messages, one interview question with
its buttons and channel multi-select, and a click read back as the message for Rasa (issue #10).

Plain Python, no Slack SDK and no Rasa: the Slack channel posts these dicts as they are and hands each
`block_actions` action to `answer_from_action`. Texts come from messages.yml; nothing here computes advice.

Escaping (every journey string, and the question texts, which can quote the owner):
- Slack's mrkdwn gives `&`, `<` and `>` meaning (`<http://x|y>` is a link, `<!channel>` pings everyone,
  `<@U123>` mentions someone), so they become `&amp;`, `&lt;` and `&gt;` in every mrkdwn text, including
  the notification fallback `text`.
- Slack has no escape for `*`, `_`, `~` and the backtick. A marker only opens or closes formatting at a
  word boundary, so each one from a journey string is wrapped in zero-width joiners (U+200D): it stays
  visible and copyable, but sits inside a "word" and formats nothing. A text that would begin a line with
  `>` (a quote) gets a zero-width joiner in front too.
- Line breaks inside a journey string become spaces: owners' text never starts a line of its own.
- Every mrkdwn object is `verbatim: true`, so Slack does not turn URLs or names in it into links.
- Texts shown as a whole (the header, button and option labels, the continuation line) are plain_text,
  which Slack never parses: they are only shortened, not escaped.

Limits (Slack's, enforced here): at most 50 blocks per message, section text 3000 characters, header 150,
button text 75, button value 2000, 25 elements per actions block, 100 options per multi-select with
option text 75 and value 150 (no section `fields` are used). Lengths are counted in UTF-16 code units (an emoji counts twice), which is
never less than what Slack counts. Block ids are unique within the whole journey, so within a message.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot import knowledge
from bot.render import chat, html

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_FALLBACK = 3000
MAX_BUTTON = 75
MAX_BUTTON_VALUE = 2000
MAX_URL = 3000
MAX_ACTIONS = 25
MAX_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_CONTEXT = 150  # the continuation line: Slack allows more, but it is one short line above the rest

TOP_TACTICS = 3        # tactics shown per stage, in the journey's order (the map and exports hold them all)
EXISTING = "●"         # a touchpoint the owner uses today (its status is also said in words)
RECOMMENDED = "○"      # a touchpoint the advice adds
BULLET = "•"
WARNING = "⚠"
CONTINUES = "… "       # starts the rest of an entry too long for one section
ELLIPSIS = "…"
NONE = "—"             # an empty lane, as on the map
ZWJ = "\u200d"

BUTTON_ACTION = "rw_button_"
MULTISELECT_ACTION = "rw_multiselect"
SUBMIT_ACTION = "rw_multiselect_submit"
EXPORT_ACTION = "rw_export_"
EXPORT_KINDS = (("html", "slack_export_html"), ("pdf", "slack_export_pdf"))
INTENT = re.compile(r"[\w.-]+")  # (whole) what the widget accepts as the multi-select's intent, too

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;",
            **{mark: f"{ZWJ}{mark}{ZWJ}" for mark in "*_~`"}}


# --- text ---------------------------------------------------------------------------------------------

def size(text: str) -> int:
    """A text's length as Slack may count it: UTF-16 code units, so never less than Slack's count."""
    return len(text.encode("utf-16-le")) // 2


def _clean(value: Any) -> str:
    """One line: runs of whitespace (line breaks too) become one space, control characters go."""
    text = " ".join(str(value).split())
    return "".join(char for char in text if unicodedata.category(char) != "Cc")


def _escape_word(word: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in word)


def escape(value: Any) -> str:
    """A journey string as mrkdwn that shows exactly its text: one line, no links, mentions or formatting."""
    text = _escape_word(_clean(value))
    return ZWJ + text if text.startswith("&gt;") else text


def _chunks(value: Any, limit: int) -> List[str]:
    """A journey string escaped and cut into pieces of at most `limit`, between words where possible and
    never inside an escape, so nothing is lost when it is longer than a block may be."""
    chunks: List[str] = []
    current = ""
    for word in _clean(value).split(" "):
        piece = _escape_word(word)
        joined = f"{current} {piece}" if current else piece
        if size(joined) <= limit:
            current = joined
            continue
        if current:
            chunks.append(current)
            current = ""
        # one word longer than a whole piece: cut between characters (an escape is one character's)
        for char in word:
            unit = _ESCAPES.get(char, char)
            if size(current + unit) > limit:
                chunks.append(current)
                current = ""
            current += unit
    chunks.append(current)
    if chunks[0].startswith("&gt;"):
        chunks[0] = ZWJ + chunks[0]  # never a quote at the start of a line (the joiner fits: see _lines)
    return chunks


def _lines(prefix: str, value: Any, suffix: str = "") -> List[str]:
    """One entry as mrkdwn lines: `prefix` + the escaped text + `suffix` (markup we wrote), on one line
    when it fits in a section, else over several lines, the later ones starting with "… "."""
    room = MAX_SECTION - max(size(prefix), size(CONTINUES)) - size(suffix) - size(ZWJ)
    pieces = _chunks(value, room)
    lines = [(prefix if number == 0 else CONTINUES) + piece for number, piece in enumerate(pieces)]
    lines[-1] += suffix
    return lines


def _sections(lines: Iterable[str]) -> List[str]:
    """Lines packed into section texts of at most MAX_SECTION, a line never split (each one fits)."""
    texts: List[str] = []
    current: Optional[str] = None
    for line in lines:
        joined = line if current is None else f"{current}\n{line}"
        if size(joined) <= MAX_SECTION:
            current = joined
            continue
        if current is not None and current.strip():  # Slack refuses an empty section
            texts.append(current)
        current = line
    if current is not None and current.strip():
        texts.append(current)
    return texts


def shorten(text: Any, limit: int) -> str:
    """A plain_text label of at most `limit`: cut after a word if one ends in the last third, with …"""
    text = _clean(text)
    if size(text) <= limit:
        return text
    cut = text[:limit]  # a code point is at least one UTF-16 unit: start from at most `limit` of them
    while size(cut) > limit - 1:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def _fallback(text: str) -> str:
    """The notification text: escaped like mrkdwn (Slack parses it for mentions), at most MAX_FALLBACK."""
    pieces = _chunks(text, MAX_FALLBACK - 2)  # room for the … and a leading joiner
    return pieces[0] + (ELLIPSIS if len(pieces) > 1 else "")


def _mrkdwn(text: str) -> Dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _plain(text: str) -> Dict[str, Any]:
    # emoji False: an owner's ":something:" stays text; Unicode emoji show anyway
    return {"type": "plain_text", "text": text, "emoji": False}


def _bold(text: str) -> str:
    return f"*{escape(text)}*"


def _heading(text: str, mark: str = "") -> List[str]:
    """A bold heading line (more when very long), after `mark` (⚠ for warnings)."""
    return _lines(f"{mark} *" if mark else "*", text, "*")


# --- the journey --------------------------------------------------------------------------------------

@dataclass
class _Part:
    """Blocks that belong together in one message (the intro, one stage, the end); `stage` names a stage."""

    blocks: List[Dict[str, Any]]
    stage: Optional[str] = None


class _Ids:
    """Block ids `rw_<part>_<n>`: unique in the whole journey, so in every message of it."""

    def __init__(self, part: str) -> None:
        self.part, self.count = part, 0

    def __call__(self) -> str:
        self.count += 1
        return f"rw_{self.part}_{self.count}"


def _section_blocks(lines: Iterable[str], ids: _Ids) -> List[Dict[str, Any]]:
    return [{"type": "section", "block_id": ids(), "text": _mrkdwn(text)} for text in _sections(lines)]


def _bullets(values: Sequence[Any], tags: Sequence[str] = ()) -> List[str]:
    """One bullet line (or more, when very long) per value; a tag in words after it when given."""
    lines: List[str] = []
    for index, value in enumerate(values):
        tag = tags[index] if index < len(tags) else ""
        lines += _lines(f"{BULLET} ", value, f" — _{escape(tag)}_" if tag else "")
    return lines or [NONE]


def _msg(journey: Mapping[str, Any], key: str, **values: Any) -> str:
    return knowledge.message(key, journey["language"], **values)


def _intro(journey: Mapping[str, Any]) -> _Part:
    ids = _Ids("intro")
    title = html.title(journey)
    header = shorten(title, MAX_HEADER)
    lines: List[str] = []
    if header != _clean(title):
        lines += _lines("*", title, "*")  # the header had to be cut: the whole title is said here
    lines += _lines("", html.involvement_line(journey))
    lines += _heading(_msg(journey, "reasons_header"))
    lines += _bullets(journey["involvement"]["reasons"])
    blocks = [{"type": "header", "block_id": ids(), "text": _plain(header)}]
    return _Part(blocks + _section_blocks(lines, ids))


def _touchpoint_lines(journey: Mapping[str, Any], stage: Mapping[str, Any]) -> List[str]:
    status = {"existing": (EXISTING, _msg(journey, "map_existing")),
              "recommended": (RECOMMENDED, _msg(journey, "map_recommended"))}
    lines: List[str] = []
    for touchpoint in stage["touchpoints"]:
        mark, words = status.get(touchpoint["status"], (BULLET, touchpoint["status"]))
        lines += _lines(f"{mark} ", chat.channel_name(touchpoint["channel"], journey["language"]),
                        f" ({escape(words)})")
    return lines or [NONE]


def _stage(journey: Mapping[str, Any], index: int, warnings: List[Mapping[str, Any]]) -> _Part:
    stage = journey["stages"][index]
    ids = _Ids(f"stage_{index + 1}")
    label = lambda key: _bold(_msg(journey, key) + ":")  # noqa: E731
    for_pain = _msg(journey, "map_for_pain")
    shown = stage["tactics"][:TOP_TACTICS]
    lines = _heading(_msg(journey, "stage_title", index=index + 1, name=stage["name"],
                          percent=round(stage["weight"] * 100)))
    lines += _lines(label("stage_wants") + " ", stage["customer_goal"])
    lines += [label("map_touchpoints")] + _touchpoint_lines(journey, stage)
    lines += [label("stage_todo")] + _bullets([tactic["text"] for tactic in shown],
                                              [for_pain if tactic.get("addresses_pain") else "" for tactic in shown])
    if len(stage["tactics"]) > len(shown):
        # the rest is on the map and in the follow-ups; say so rather than leave it out unmentioned
        lines += _lines("_", _msg(journey, "slack_more_tactics", count=len(stage["tactics"]) - len(shown),
                                  stage=stage["name"]), "_")
    lines += [label("stage_measure")] + _bullets(stage["kpis"])
    if stage["pain_points"]:
        lines += [label("map_pains")] + _bullets(stage["pain_points"])
    blocks: List[Dict[str, Any]] = [{"type": "divider", "block_id": ids()}]
    blocks += _section_blocks(lines, ids)
    if warnings:
        head = _heading(f"{_msg(journey, 'map_warnings')} — {stage['name']}", WARNING)
        blocks += _section_blocks(head + _warning_lines(journey, warnings), ids)
    return _Part(blocks, stage["name"])


def _warning_lines(journey: Mapping[str, Any], warnings: List[Mapping[str, Any]]) -> List[str]:
    for_pain = _msg(journey, "map_for_pain")
    return _bullets([warning["text"] for warning in warnings],
                    [for_pain if warning.get("addresses_pain") else "" for warning in warnings])


def _end(journey: Mapping[str, Any], general: List[Mapping[str, Any]]) -> Optional[_Part]:
    """The journey-wide warnings and the notes (skipped questions, pains without advice yet)."""
    ids = _Ids("end")
    blocks: List[Dict[str, Any]] = [{"type": "divider", "block_id": ids()}]
    if general:
        head = _heading(_msg(journey, "map_general_warnings"), WARNING)
        blocks += _section_blocks(head + _warning_lines(journey, general), ids)
    notes = journey.get("notes") or []
    if notes:
        blocks += _section_blocks(_heading(_msg(journey, "map_notes")) + _bullets(notes), ids)
    return _Part(blocks) if len(blocks) > 1 else None


def _link(url: Any) -> bool:
    return isinstance(url, str) and bool(re.match(r"^https?://\S+$", url)) and size(url) <= MAX_URL


def _exports(journey: Mapping[str, Any]) -> Optional[_Part]:
    """Link buttons to the HTML and PDF exports, when the channel filled in their links."""
    exports = journey.get("exports")
    if not isinstance(exports, Mapping):
        return None
    buttons = []
    for kind, key in EXPORT_KINDS:
        if _link(exports.get(kind)):
            button = {"type": "button", "action_id": f"{EXPORT_ACTION}{kind}",
                      "text": _plain(shorten(_msg(journey, key), MAX_BUTTON)), "url": exports[kind]}
            if kind == "html":
                button["style"] = "primary"
            buttons.append(button)
    return _Part([{"type": "actions", "block_id": "rw_exports", "elements": buttons}]) if buttons else None


def _parts(journey: Mapping[str, Any]) -> List[_Part]:
    stage_ids = {stage["id"] for stage in journey["stages"]}
    by_stage: Dict[str, List[Mapping[str, Any]]] = {}
    for warning in journey.get("warnings") or []:
        by_stage.setdefault(warning["stage"] if warning.get("stage") in stage_ids else "", []).append(warning)
    parts = [_intro(journey)]
    parts += [_stage(journey, index, by_stage.get(stage["id"], [])) for index, stage in enumerate(journey["stages"])]
    parts += [part for part in (_end(journey, by_stage.get("", [])), _exports(journey)) if part]
    return parts


def _continued(journey: Mapping[str, Any], number: int) -> Dict[str, Any]:
    text = shorten(_msg(journey, "slack_continued", title=html.title(journey)), MAX_CONTEXT)
    return {"type": "context", "block_id": f"rw_continued_{number}", "elements": [_plain(text)]}


def journey_messages(journey: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """The finished journey as chat.postMessage payloads ({"text", "blocks"}), posted in this order.

    A message holds whole parts (the intro, a stage, the end, the export buttons) up to 50 blocks; the
    next part that does not fit starts a new message, which opens with a "(continued)" line instead of
    the divider. Only a stage that alone needs more than a message is spread over several, in order."""
    pages: List[List[Dict[str, Any]]] = [[]]
    names: List[List[str]] = [[]]
    for part in _parts(journey):
        if pages[-1] and len(pages[-1]) + len(part.blocks) > MAX_BLOCKS:
            pages.append([_continued(journey, len(pages) + 1)])
            names.append([])
        for block in part.blocks:
            if len(pages[-1]) >= MAX_BLOCKS:  # a stage bigger than a whole message: carry on in the next
                pages.append([_continued(journey, len(pages) + 1)])
                names.append([])
            if block["type"] == "divider" and pages[-1][-1:] and pages[-1][-1]["type"] == "context":
                continue  # a new message already sets the stage apart
            pages[-1].append(block)
            if part.stage and part.stage not in names[-1]:
                names[-1].append(part.stage)
    first = f"{html.title(journey)}. {html.involvement_line(journey)}"
    texts = [first] + [_msg(journey, "slack_continued", title=html.title(journey))
                       + (": " + ", ".join(stages) if stages else "") for stages in names[1:]]
    return [{"text": _fallback(text), "blocks": blocks} for text, blocks in zip(texts, pages)]


# --- the interview ------------------------------------------------------------------------------------

def _question_lines(text: str) -> List[str]:
    """The question's own lines kept (a summary is a list); each escaped and cut to fit a section."""
    lines: List[str] = []
    for line in str(text).splitlines():
        lines += _lines("", line) if line.strip() else [""]
    return lines


def _actions(elements: List[Dict[str, Any]], block_id: str) -> List[Dict[str, Any]]:
    """Elements in actions blocks of at most MAX_ACTIONS each, ids `<block_id>`, `<block_id>_2`, ..."""
    return [{"type": "actions", "block_id": block_id if start == 0 else f"{block_id}_{start // MAX_ACTIONS + 1}",
             "elements": elements[start:start + MAX_ACTIONS]} for start in range(0, len(elements), MAX_ACTIONS)]


def _value(text: str, what: str) -> str:
    """A button's value as given: cutting a payload would change what the owner answers, so a value
    Slack cannot carry is an error in the caller (our payloads are short), not something to hide."""
    if size(text) > MAX_BUTTON_VALUE:
        raise ValueError(f"{what} is longer than Slack's {MAX_BUTTON_VALUE} characters: {text[:60]}…")
    return text


def _multiselect_elements(spec: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """multi_static_select menus of at most MAX_OPTIONS options (`rw_multiselect`, then `rw_multiselect_2`,
    ... should there be more), the checked options as initial ones, then the submit button."""
    options = []
    for option in spec.get("options") or []:
        if not (isinstance(option, Mapping) and isinstance(option.get("value"), str) and option["value"]):
            continue
        if size(option["value"]) > MAX_OPTION_VALUE:
            raise ValueError(f"option value longer than Slack's {MAX_OPTION_VALUE} characters: {option['value'][:60]}…")
        item = {"text": _plain(shorten(option.get("title") or option["value"], MAX_OPTION_TEXT)),
                "value": option["value"]}
        options.append((item, bool(option.get("checked"))))
    elements: List[Dict[str, Any]] = []
    for start in range(0, len(options), MAX_OPTIONS):
        chunk = options[start:start + MAX_OPTIONS]
        number = start // MAX_OPTIONS + 1
        menu: Dict[str, Any] = {"type": "multi_static_select",
                                "action_id": MULTISELECT_ACTION if number == 1 else f"{MULTISELECT_ACTION}_{number}",
                                "options": [item for item, _ in chunk]}
        checked = [item for item, ticked in chunk if ticked]
        if checked:  # Slack rejects an empty initial_options
            menu["initial_options"] = checked
        elements.append(menu)
    submit = {"intent": spec.get("intent"), "entity": spec.get("entity")}
    if not (isinstance(submit["intent"], str) and INTENT.fullmatch(submit["intent"])
            and isinstance(submit["entity"], str) and submit["entity"]):
        raise ValueError(f"a multi-select needs an intent and an entity to answer with: {submit}")
    if spec.get("none_title"):
        submit["none"] = spec["none_title"]  # echoed when nothing is selected, as the widget does
    elements.append({"type": "button", "action_id": SUBMIT_ACTION, "style": "primary",
                     "text": _plain(shorten(spec.get("submit_title") or "OK", MAX_BUTTON)),
                     "value": _value(json.dumps(submit, ensure_ascii=False), "the multi-select's submit value")})
    return elements


def question_blocks(text: str, buttons: Sequence[Mapping[str, Any]] = (),
                    multiselect: Optional[Mapping[str, Any]] = None,
                    block_id_prefix: str = "rw") -> Dict[str, Any]:
    """One bot message of the interview: its text (escaped: it may quote the owner), a button per
    {"title", "payload"} (value = the payload, action_id `rw_button_<n>` with n its place in `buttons`),
    and the channel multi-select of `bot.interview.channel_choices` with its submit button. Action ids
    are fixed, so the channel can route them; `block_id_prefix` only names the blocks."""
    blocks: List[Dict[str, Any]] = [{"type": "section", "block_id": f"{block_id_prefix}_text_{number + 1}",
                                     "text": _mrkdwn(section)}
                                    for number, section in enumerate(_sections(_question_lines(text)))]
    elements = []
    for number, button in enumerate(buttons or []):
        if not isinstance(button, Mapping) or not isinstance(button.get("payload"), str) or not button["payload"]:
            continue
        elements.append({"type": "button", "action_id": f"{BUTTON_ACTION}{number}",
                         "text": _plain(shorten(button.get("title") or button["payload"], MAX_BUTTON)),
                         "value": _value(button["payload"], "a button payload")})
    blocks += _actions(elements, f"{block_id_prefix}_buttons")
    if multiselect:
        blocks += _actions(_multiselect_elements(multiselect), f"{block_id_prefix}_multiselect")
    titles = " / ".join(str(button.get("title") or "") for button in buttons or [] if isinstance(button, Mapping))
    return {"text": _fallback(text if str(text).strip() else titles), "blocks": blocks}


# --- the owner's click --------------------------------------------------------------------------------

def _label(action: Mapping[str, Any]) -> Optional[str]:
    text = action.get("text")
    return text.get("text") if isinstance(text, Mapping) and isinstance(text.get("text"), str) else None


def _selected(state_values: Any) -> Optional[List[Tuple[str, str]]]:
    """(value, label) of every option selected in the multi-select menus, in the message's order; None
    when the state holds no menu of ours (then nothing may be sent: it would clear the owner's channels)."""
    if not isinstance(state_values, Mapping):
        return None
    found = False
    selected: List[Tuple[str, str]] = []
    for block in state_values.values():
        if not isinstance(block, Mapping):
            continue
        for action_id, element in block.items():
            if not (isinstance(action_id, str) and action_id.startswith(MULTISELECT_ACTION)
                    and action_id != SUBMIT_ACTION and isinstance(element, Mapping)):
                continue
            found = True
            options = element.get("selected_options") or []  # Slack may leave out an empty selection
            if not isinstance(options, list):
                return None
            for option in options:
                if not (isinstance(option, Mapping) and isinstance(option.get("value"), str)):
                    return None
                label = option.get("text")
                label = label.get("text") if isinstance(label, Mapping) else None
                selected.append((option["value"], label if isinstance(label, str) else option["value"]))
    return selected if found else None


def _submit(action: Mapping[str, Any], state_values: Any) -> Optional[Tuple[str, str]]:
    try:
        spec = json.loads(action.get("value"))
    except (TypeError, ValueError, RecursionError):
        return None
    if not isinstance(spec, Mapping):
        return None
    intent, entity = spec.get("intent"), spec.get("entity")
    if not (isinstance(intent, str) and INTENT.fullmatch(intent) and isinstance(entity, str) and entity):
        return None
    selected = _selected(state_values)
    if selected is None:
        return None
    values = list(dict.fromkeys(value for value, _ in selected))
    labels = list(dict(selected).values())  # one label per value, in the order first selected
    none = spec.get("none") if isinstance(spec.get("none"), str) else _label(action) or ""
    return f"/{intent}{json.dumps({entity: values}, ensure_ascii=False)}", ", ".join(labels) or none


def answer_from_action(action: Any, state_values: Any) -> Optional[Tuple[str, str]]:
    """What one `block_actions` action means: (the message for Rasa, the text to show as the owner's
    answer). A button: its payload and its label. The multi-select's submit: `/<intent>{"<entity>":
    [selected values]}` and the selected labels (or the "none" title). A change in the menu itself, a link
    button (the exports), anything unknown or malformed: None, nothing to send."""
    if not isinstance(action, Mapping) or not isinstance(action.get("action_id"), str):
        return None
    action_id = action["action_id"]
    if action_id == SUBMIT_ACTION:
        return _submit(action, state_values)
    if action_id.startswith(BUTTON_ACTION):
        value = action.get("value")
        if not isinstance(value, str) or not value:
            return None
        return value, _label(action) or value
    return None
