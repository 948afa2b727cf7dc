"""The PDF export of the journey map: an A4 landscape board with one column per stage and the lanes
aligned across the columns, an emotion curve drawn over the stages, a legend and the date.

The same content as the other exports (bot/render/content.py), laid out for print: the lane names run
down the left, each stage is a column, and a lane is as tall as its longest column. When lanes run past
the page, the board continues on the next page with the same columns and the stage headers repeated;
text is never cut. Tactics are shown without their why (the Markdown and HTML exports have it).

Every journey string is drawn as plain text in a cell: no markdown=True, no write_html, so an owner's
answer cannot change the formatting. Fonts: DejaVu Sans from matplotlib's bundled fonts (accents, €,
most non-Latin letters), so nothing is fetched.
"""
from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from bot.render import content
from bot.render.html import involvement_line, title

# geometry, in mm (A4 landscape)
PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 10.0
LABEL_W = 24.0    # the lane names, left of the stage columns
GUTTER = 1.6      # white space between columns
PAD = 1.8         # inside a cell
LANE_GAP = 0.8    # white space between lanes
FOOTER_H = 8.0
CURVE_H = 21.0    # the feeling lane, where the emotion curve is drawn
KEEP = 3          # lines of an item kept together on either side of a page break
MIN_SPLIT = 16.0  # a lane that does not fit starts on the next page if less than this is left here
POINT = 0.3528    # mm per typographic point
LEADING = 1.22    # line height as a multiple of the font size
FONT = "DejaVu"
MISSING = "\ufffd"  # in place of a character DejaVu Sans cannot draw
# where the page count goes in the footer: two control characters (room for two digits), which journey
# text never holds (_one_line drops them), so no owner's answer can be replaced by it
PAGES_ALIAS = "\x00\x01"

# colours: the HTML map's (map.css), so the exports look like one family
INK = (31, 35, 40)
GREY = (91, 95, 102)
LIGHT = (139, 143, 150)
RULE = (228, 225, 216)
CELL = (250, 249, 246)
TEAL = (47, 111, 94)
TEAL_DARK = (31, 79, 67)
PAIN_INK = (140, 29, 24)
WARN_BG = (253, 236, 234)
BADGE_BG = (253, 231, 195)
BADGE_INK = (107, 69, 0)
AMBER = (199, 119, 0)
WHITE = (255, 255, 255)
MOOD = {"pos": TEAL, "zero": (138, 109, 29), "neg": (179, 38, 30)}


@functools.lru_cache(maxsize=1)
def font_files() -> Dict[str, Path]:
    """DejaVu Sans regular, bold and oblique from matplotlib's own data (a Rasa dependency)."""
    import matplotlib  # imported here: only the PDF export needs it

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf", "I": folder / "DejaVuSans-Oblique.ttf"}


@dataclass(frozen=True)
class Line:
    """One line of text in a cell. `marker` is drawn before the first line of an item; `start` marks that
    line, where a page break may always go (inside an item only with KEEP lines on either side)."""

    text: str
    size: float = 7.2
    style: str = ""
    colour: Tuple[int, int, int] = INK
    indent: float = 0.0
    space: float = 0.0          # room above the line (between items)
    marker: Optional[str] = None
    start: bool = False
    badge: bool = False         # text on a filled label (a tactic or warning for the owner's pain point)
    tail: str = ""              # a small grey word after the text (a touchpoint's status)

    @property
    def height(self) -> float:
        return self.size * POINT * LEADING

    @property
    def total(self) -> float:
        return self.space + self.height


def _mood(emotion: float) -> str:
    return "pos" if emotion > 0 else "neg" if emotion < 0 else "zero"


def _one_line(text: Any) -> str:
    """`text` on one line: a newline in an owner's answer is a space on the map; control characters
    (NUL...) are no text and are dropped."""
    kept = "".join(char for char in str(text) if char.isspace() or unicodedata.category(char) != "Cc")
    return " ".join(kept.split())


class _Pages(FPDF):
    """fpdf2's document, with the board's footer on every page."""

    board: "Board"

    def footer(self) -> None:
        self.board.footer()


class Board:
    """Lays one journey out on pages; `render()` returns the PDF."""

    def __init__(self, journey: Mapping[str, Any], made_on: Optional[str]) -> None:
        self.journey = journey
        self.made_on = made_on
        self.stages = content.stages(journey)
        self.pdf = _Pages(orientation="L", unit="mm", format="A4")
        self.pdf.board = self
        self.pdf.set_auto_page_break(False)  # every break is placed here, so the columns stay aligned
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.c_margin = 0  # wrapping widths are exact; padding is added here
        # fpdf2's default alias is "{nb}", which an owner could type; ours cannot be typed
        self.pdf.alias_nb_pages(PAGES_ALIAS)
        for style, path in font_files().items():
            self.pdf.add_font(FONT, style, str(path))
        # the characters each style can draw: fpdf2 would leave out the others, with only a log line
        self.glyphs: Dict[str, set] = {}
        for style in font_files():
            self.pdf.set_font(FONT, style, 8)
            self.glyphs[style] = set(self.pdf.current_font.cmap)
        count = len(self.stages)
        self.col_w = (PAGE_W - 2 * MARGIN - LABEL_W - GUTTER * count) / count
        self.col_x = [MARGIN + LABEL_W + GUTTER + index * (self.col_w + GUTTER) for index in range(count)]
        self.bottom = PAGE_H - MARGIN - FOOTER_H - 1.0
        self.y = MARGIN
        self.board_top = MARGIN  # where the lanes start on the current page (below the stage headers)

    # --- text --------------------------------------------------------------------------------------------

    def plain(self, text: Any, style: str = "") -> str:
        """`text` on one line, a character the font lacks (Chinese, emoji...) shown as U+FFFD (�) rather than
        dropped, so the reader sees that something is missing."""
        glyphs = self.glyphs[style]
        return "".join(char if char == " " or ord(char) in glyphs else MISSING for char in _one_line(text))

    def wrap(self, text: str, width: float, size: float, style: str = "") -> List[str]:
        self.pdf.set_font(FONT, style, size)
        lines = self.pdf.multi_cell(width, size * POINT * LEADING, self.plain(text, style), dry_run=True,
                                    output=MethodReturnValue.LINES)
        return list(lines) or [""]

    def lines(self, text: str, width: float, size: float = 7.2, style: str = "",
              colour: Tuple[int, int, int] = INK, indent: float = 0.0, space: float = 0.0,
              marker: Optional[str] = None) -> List[Line]:
        """`text` wrapped into `width` (less the indent), as lines; the first one carries the marker."""
        wrapped = self.wrap(text, width - indent, size, style)
        return [Line(part, size, style, colour, indent, space if index == 0 else 0.0,
                     marker if index == 0 else None, index == 0) for index, part in enumerate(wrapped)]

    def draw_text(self, line: Line, x: float, y: float) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, line.style, line.size)
        font = line.size * POINT
        baseline = y + (line.height - font) / 2 + font * 0.78
        if line.badge:
            pdf.set_fill_color(*BADGE_BG)
            pdf.rect(x + line.indent - 0.6, y + 0.15, pdf.get_string_width(line.text) + 1.2, line.height - 0.3,
                     style="F", round_corners=True, corner_radius=0.6)
        pdf.set_text_color(*line.colour)
        pdf.text(x + line.indent, baseline, line.text)
        if line.tail:
            after = x + line.indent + pdf.get_string_width(line.text) + 1.2
            pdf.set_font(FONT, "", 5.8)
            pdf.set_text_color(*GREY)
            pdf.text(after, baseline, line.tail)
        if line.marker:
            self.marker(line.marker, x + 1.1, y + line.height / 2)

    def marker(self, kind: str, x: float, y: float) -> None:
        """The small shape before an item; the same shapes are explained in the legend."""
        pdf = self.pdf
        pdf.set_line_width(0.3)
        if kind == "existing":  # today's touchpoint: filled
            pdf.set_fill_color(*TEAL)
            pdf.circle(x, y, 1.05, style="F")
        elif kind == "recommended":  # recommended: outlined
            pdf.set_draw_color(*TEAL)
            pdf.set_fill_color(*WHITE)
            pdf.circle(x, y, 0.95, style="DF")
        elif kind == "pain":  # a tactic for the owner's pain point
            pdf.set_fill_color(*AMBER)
            pdf.polygon([(x, y - 1.3), (x + 1.2, y), (x, y + 1.3), (x - 1.2, y)], style="F")
        elif kind == "warning":
            pdf.set_fill_color(*AMBER)
            pdf.polygon([(x, y - 1.25), (x + 1.3, y + 1.0), (x - 1.3, y + 1.0)], style="F")
        elif kind == "pain_point":
            pdf.set_fill_color(*MOOD["neg"])
            pdf.circle(x, y, 0.7, style="F")
        else:  # a tactic or KPI: a plain square bullet
            pdf.set_fill_color(*GREY)
            pdf.rect(x - 0.55, y - 0.55, 1.1, 1.1, style="F")

    # --- the lanes as lines ------------------------------------------------------------------------------

    def lane_lines(self, lane: content.Lane) -> List[Line]:
        width = self.col_w - 2 * PAD
        if lane.kind == "goal":
            return self.lines(lane.items[0].text, width, 7.4, "I", INK)
        if not lane.items:
            return [Line(content.NONE, colour=LIGHT, start=True)]
        result: List[Line] = []
        for index, item in enumerate(lane.items):
            space = 0.9 if index else 0.0
            if lane.kind == "touchpoints":
                result += self.touchpoint(item, width, space)
                continue
            badge: List[Line] = []
            if item.tag:  # the mark in words, on its own label above the text
                badge = [Line(item.tag, 5.8, "B", BADGE_INK, 3.0, space, None, True, badge=True)]
                space = 0.0
            marker = {"tactics": "pain" if item.kind == "pain" else "tactic", "kpis": "kpi",
                      "pains": "pain_point", "warnings": "warning"}[lane.kind]
            colour = PAIN_INK if lane.kind == "pains" else INK
            body = self.lines(item.text, width, 7.0, "", colour, 3.0, space, marker)
            if badge:  # the marker goes beside the label; the text stays with it on a page break
                body[0] = replace(body[0], marker=None, start=False)
                badge[0] = replace(badge[0], marker=marker)
            why = self.lines(item.why, width, 6.0, "", GREY, 3.0) if lane.kind == "warnings" else []
            result += badge + body + [replace(line, start=False) for line in why]
        return result

    def touchpoint(self, item: content.Item, width: float, space: float) -> List[Line]:
        """The channel with its status in words after it (on the next line when it does not fit)."""
        lines = self.lines(item.text, width, 7.0, "B" if item.kind == "existing" else "", INK, 3.0, space, item.kind)
        self.pdf.set_font(FONT, lines[-1].style, 7.0)
        used = self.pdf.get_string_width(lines[-1].text)
        self.pdf.set_font(FONT, "", 5.8)
        if 3.0 + used + 1.2 + self.pdf.get_string_width(item.tag) <= width:
            lines[-1] = replace(lines[-1], tail=item.tag)
        else:
            lines += [replace(line, start=False) for line in self.lines(item.tag, width, 5.8, "", GREY, 3.0)]
        return lines

    # --- pages -------------------------------------------------------------------------------------------

    def new_page(self, board: bool = True) -> None:
        """A page; on every page but the first, the title again in short. With `board`, the stage headers."""
        pdf = self.pdf
        pdf.add_page()
        self.y = MARGIN
        if pdf.page_no() > 1:
            name = self.plain(title(self.journey), "B")
            suffix = f" ({content.message(self.journey, 'export_continued')})"
            pdf.set_font(FONT, "B", 8.5)
            if pdf.get_string_width(name + suffix) > PAGE_W - 2 * MARGIN:  # shortened here only: page 1 has it whole
                while name and pdf.get_string_width(name + "…" + suffix) > PAGE_W - 2 * MARGIN:
                    name = name[:-1]
                name += "…"
            pdf.set_text_color(*GREY)
            pdf.text(MARGIN, self.y + 3.2, name + suffix)
            self.y += 6.0
        if board:
            self.stage_headers()

    def stage_headers(self) -> None:
        pdf = self.pdf
        width = self.col_w - 2 * PAD - 5.0
        names = [self.wrap(stage.name, width, 9.0, "B") for stage in self.stages]
        shares = [self.wrap(stage.share, width, 6.6) for stage in self.stages]
        name_h, share_h = 9.0 * POINT * LEADING, 6.6 * POINT * LEADING
        height = PAD + max(len(n) * name_h + len(s) * share_h for n, s in zip(names, shares)) + 2.6 + PAD
        for stage, x, name, share in zip(self.stages, self.col_x, names, shares):
            pdf.set_fill_color(*TEAL)
            pdf.rect(x, self.y, self.col_w, height, style="F", round_corners=("TOP_LEFT", "TOP_RIGHT"),
                     corner_radius=1.6)
            # the number in a white disc, the name beside it
            pdf.set_fill_color(*WHITE)
            pdf.circle(x + PAD + 2.0, self.y + PAD + name_h / 2, 2.0, style="F")
            pdf.set_font(FONT, "B", 7.0)
            pdf.set_text_color(*TEAL_DARK)
            number = str(stage.number)
            pdf.text(x + PAD + 2.0 - pdf.get_string_width(number) / 2, self.y + PAD + name_h / 2 + 0.9, number)
            y = self.y + PAD
            for part in name:
                self.draw_text(Line(part, 9.0, "B", WHITE), x + PAD + 5.0, y)
                y += name_h
            for part in share:
                self.draw_text(Line(part, 6.6, "", (214, 232, 226)), x + PAD + 5.0, y)
                y += share_h
            # the stage's share of the journey as a bar (as in the HTML map: 40% fills the column)
            track = self.col_w - 2 * PAD
            pdf.set_fill_color(*TEAL_DARK)
            pdf.rect(x + PAD, y + 0.8, track, 1.2, style="F")
            pdf.set_fill_color(*WHITE)
            pdf.rect(x + PAD, y + 0.8, track * min(1.0, stage.weight * 2.5), 1.2, style="F")
        self.y += height
        self.board_top = self.y

    def page_top(self) -> None:
        """Page one: the title, the involvement and its reasons, across the page; they flow to a next
        page like any text if an owner's business name is very long."""
        width = PAGE_W - 2 * MARGIN
        self.pdf.add_page()  # before measuring: fpdf2 wraps text on a page
        block = self.lines(title(self.journey), width, 16.0, "B", INK)
        block += self.lines(involvement_line(self.journey), width, 8.6, "B", TEAL, space=1.2)
        reasons = self.journey["involvement"]["reasons"]
        for index, reason in enumerate(reasons):
            block += self.lines(reason, width, 7.0, "", GREY, 3.0, 1.0 if index == 0 else 0.25, "tactic")
        self.flow_full_width(block)
        self.y += 3.0
        if self.y + 20.0 + MIN_SPLIT > self.bottom:  # the stage headers go with the lanes under them
            self.new_page(board=False)
        self.stage_headers()

    def flow_full_width(self, block: Sequence[Line], fill: Optional[Tuple[int, int, int]] = None) -> None:
        for line in block:
            if self.y + line.total > self.bottom:
                self.new_page(board=False)
            if fill:
                self.pdf.set_fill_color(*fill)
                self.pdf.rect(MARGIN, self.y, PAGE_W - 2 * MARGIN, line.total, style="F")
            self.draw_text(line, MARGIN + PAD, self.y + line.space)
            self.y += line.total

    # --- the board ---------------------------------------------------------------------------------------

    def lane_label(self, heading: str, y: float, continued: bool) -> None:
        lines = self.lines(heading.upper(), LABEL_W - PAD, 6.2, "B", GREY)
        if continued:
            lines += self.lines(f"({content.message(self.journey, 'export_continued')})", LABEL_W - PAD, 5.8,
                                "", LIGHT)
        for line in lines:
            self.draw_text(line, MARGIN, y)
            y += line.total

    def rule(self, y: float, right: float = PAGE_W - MARGIN) -> None:
        self.pdf.set_draw_color(*RULE)
        self.pdf.set_line_width(0.25)
        self.pdf.line(MARGIN, y, right, y)

    def lane_end(self, height: float) -> None:
        """Below a lane: a line under its name; a white gap between the stage cells."""
        self.rule(self.y + height + LANE_GAP / 2, MARGIN + LABEL_W - PAD)
        self.y += height + LANE_GAP

    @staticmethod
    def cut(lines: Sequence[Line], room: float) -> int:
        """How many of `lines` go into `room`: as many as fit, but an item is not split so that fewer than
        KEEP of its lines stay behind or go ahead (the whole item moves on instead, if it is not the first)."""
        used, count = 0.0, 0
        for line in lines:
            used += line.height if count == 0 else line.total
            if used > room:
                break
            count += 1
        if count == len(lines) or lines[count].start:
            return count
        start = max(index for index in range(count + 1) if lines[index].start)
        end = next((index for index in range(count, len(lines)) if lines[index].start), len(lines))
        if count - start < KEEP or end - count < KEEP:
            return start if start > 0 else count
        return count

    @staticmethod
    def height(lines: Sequence[Line]) -> float:
        return sum(line.total for line in lines) - (lines[0].space if lines else 0.0)

    def lane(self, kind: str, heading: str, columns: List[List[Line]]) -> None:
        """One lane across all stages; continued on further pages (stage headers repeated) when it is too long."""
        continued = False
        while True:
            room = self.bottom - self.y - 2 * PAD
            fits = max(self.height(column) for column in columns) <= room
            fresh = self.y <= self.board_top + 0.01
            if not fits and room < MIN_SPLIT and not fresh:
                self.new_page()
                continue
            counts = [len(column) if fits else self.cut(column, room) for column in columns]
            if not fits and fresh:  # nothing above on this page: at least one line of each column goes here
                counts = [max(count, 1) if column else 0 for count, column in zip(counts, columns)]
            if not any(counts):
                self.new_page()
                continue
            parts = [column[:count] for column, count in zip(columns, counts)]
            self.lane_chunk(kind, heading, parts, continued)
            columns = [column[count:] for column, count in zip(columns, counts)]
            if not any(columns):
                return
            self.new_page()
            continued = True

    def lane_chunk(self, kind: str, heading: str, parts: List[List[Line]], continued: bool) -> None:
        pdf = self.pdf
        height = max(self.height(part) for part in parts) + 2 * PAD
        for stage, x, part in zip(self.stages, self.col_x, parts):
            warned = kind == "warnings" and bool(stage.lane("warnings").items)
            pdf.set_fill_color(*(WARN_BG if warned else CELL))
            pdf.rect(x, self.y, self.col_w, height, style="F")
            y = self.y + PAD
            for index, line in enumerate(part):
                if index:
                    y += line.space
                self.draw_text(line, x + PAD, y)
                y += line.height
        self.lane_label(heading, self.y + PAD, continued)
        self.lane_end(height)

    def curve(self) -> None:
        """The feeling lane: each stage's emotion (-2..+2) as a point in its column, joined by a line."""
        if self.y + CURVE_H > self.bottom:
            self.new_page()
        pdf = self.pdf
        top = self.y
        for x in self.col_x:
            pdf.set_fill_color(*CELL)
            pdf.rect(x, top, self.col_w, CURVE_H, style="F")
        inner_top, inner_h = top + 4.6, CURVE_H - 4.6 - 2.4

        def height_of(emotion: float) -> float:
            return inner_top + (2 - emotion) / 4 * inner_h

        # the scale, right-aligned at the edge of the label column; 0 as a dashed line across the stages
        self.lane_label(content.message(self.journey, "map_emotion"), top + PAD, False)
        pdf.set_font(FONT, "", 5.6)
        pdf.set_text_color(*LIGHT)
        for value in (2, 0, -2):
            label = content.emotion_value(value)
            pdf.text(MARGIN + LABEL_W - 0.6 - pdf.get_string_width(label), height_of(value) + 0.7, label)
        pdf.set_draw_color(*LIGHT)
        pdf.set_line_width(0.2)
        pdf.set_dash_pattern(dash=0.8, gap=0.8)
        pdf.line(self.col_x[0], height_of(0), self.col_x[-1] + self.col_w, height_of(0))
        pdf.set_dash_pattern()
        points = [(x + self.col_w / 2, height_of(stage.emotion)) for stage, x in zip(self.stages, self.col_x)]
        pdf.set_draw_color(*TEAL)
        pdf.set_line_width(0.6)
        pdf.polyline(points)
        pdf.set_line_width(0.4)
        pdf.set_draw_color(*WHITE)
        for stage, (x, y) in zip(self.stages, points):
            pdf.set_fill_color(*MOOD[_mood(stage.emotion)])
            pdf.circle(x, y, 1.5, style="DF")
            value = content.emotion_value(stage.emotion)
            pdf.set_font(FONT, "B", 7.0)
            width = pdf.get_string_width(value)
            pdf.set_fill_color(*CELL)  # the number stays readable where the line runs behind it
            pdf.rect(x - width / 2 - 0.5, y - 4.7, width + 1.0, 3.0, style="F")
            pdf.set_text_color(*MOOD[_mood(stage.emotion)])
            pdf.text(x - width / 2, y - 2.3, value)
        self.lane_end(CURVE_H)

    def after_board(self) -> None:
        """Journey-wide warnings and notes, across the page under the board."""
        width = PAGE_W - 2 * MARGIN - 2 * PAD
        general = content.general_warnings(self.journey)
        if general:
            block = self.lines(content.message(self.journey, "map_general_warnings").upper(), width, 6.6, "B",
                               GREY, space=3.0)
            for item in general:
                block += self.lines(item.text + (f" ({item.tag})" if item.tag else ""), width, 7.2, "", INK, 3.0,
                                    1.0, "warning")
                block += [replace(line, start=False) for line in self.lines(item.why, width, 6.2, "", GREY, 3.0)]
            self.flow_full_width(block, WARN_BG)
        notes = content.notes(self.journey)
        if notes:
            block = self.lines(content.message(self.journey, "map_notes").upper(), width, 6.6, "B", GREY, space=3.0)
            for note in notes:
                block += self.lines(note, width, 7.2, "", INK, 3.0, 1.0, "tactic")
            self.flow_full_width(block)

    def reasons(self) -> None:
        """After the map, on pages of their own: every touchpoint, tactic and warning of every stage with its
        why (the board has no room for them), in two columns of a readable measure."""
        gap = 10.0
        width = (PAGE_W - 2 * MARGIN - gap) / 2
        items = [(stage, [item for kind in ("touchpoints", "tactics", "warnings")
                          for item in stage.lane(kind).items if item.why]) for stage in self.stages]
        if not any(found for _, found in items):
            return
        self.new_page(board=False)
        self.flow_full_width(self.lines(content.message(self.journey, "export_reasons_title"), width, 12.0, "B"))
        block: List[Line] = []
        for stage, found in items:
            if not found:
                continue
            block += self.lines(f"{stage.number}. {stage.name}", width, 9.0, "B", TEAL_DARK, space=4.0)
            for item in found:
                tag = f" ({item.tag})" if item.tag else ""
                block += self.lines(item.text + tag, width, 7.4, "", INK, 3.0, 1.6, item.kind)
                block += [replace(line, start=False) for line in self.lines(item.why, width, 6.8, "", GREY, 3.0)]
        top, column = self.y, 0

        def item_height(start: int) -> float:  # the item starting at `start`: its line and its why
            end = next((i for i in range(start + 1, len(block)) if block[i].start), len(block))
            return self.height(block[start:end])

        for index, line in enumerate(block):
            # an item stays in one column; a stage's heading moves on with its first item
            needed = line.total
            if line.start:
                needed = item_height(index)
                if line.style == "B" and index + 1 < len(block):
                    needed += item_height(index + 1)
                needed = min(needed, self.bottom - top)
            if self.y + needed > self.bottom:
                if column == 0:
                    column, self.y = 1, top
                else:
                    self.new_page(board=False)
                    top, column = self.y, 0
            self.draw_text(line, MARGIN + column * (width + gap), self.y + line.space)
            self.y += line.total

    # --- footer ------------------------------------------------------------------------------------------

    def footer(self) -> None:
        """On every page: the legend, left; the date and "page 1 of 2", right. Called by fpdf2 as each page
        closes (the page count is filled in when the document is written)."""
        pdf = self.pdf
        message = functools.partial(content.message, self.journey)
        legend = [("existing", message("map_existing")), ("recommended", message("map_recommended")),
                  ("pain", message("map_for_pain")), ("warning", message("map_warnings")),
                  ("curve", message("map_emotion_curve"))]
        y = PAGE_H - MARGIN - FOOTER_H + 3.0
        self.rule(y - 1.6)
        baseline = y + 2.4
        x = MARGIN
        for kind, words in legend:
            if kind == "curve":  # a bit of the curve: two points and a line
                pdf.set_draw_color(*TEAL)
                pdf.set_line_width(0.5)
                pdf.line(x, y + 2.2, x + 4.0, y + 0.6)
                pdf.set_fill_color(*TEAL)
                pdf.circle(x, y + 2.2, 0.7, style="F")
                pdf.circle(x + 4.0, y + 0.6, 0.7, style="F")
                x += 5.4
            else:
                self.marker(kind, x + 1.1, y + 1.5)
                x += 3.2
            pdf.set_font(FONT, "", 6.2)
            pdf.set_text_color(*GREY)
            pdf.text(x, baseline, words)
            x += pdf.get_string_width(words) + 4.0
        right = message("export_page", page=pdf.page_no(), pages=PAGES_ALIAS)
        if self.made_on:
            right = f"{self.plain(message('map_made_by', date=self.made_on))}  ·  {right}"
        pdf.set_font(FONT, "", 6.2)
        pdf.set_text_color(*GREY)
        pdf.set_xy(MARGIN, y)
        # a cell, not text(): only cells get fpdf2's page-count substitution (journey text is never in one)
        pdf.cell(PAGE_W - 2 * MARGIN, 3.0, right, align="R")

    def render(self) -> bytes:
        self.page_top()
        self.lane("goal", self.stages[0].lane("goal").heading,
                  [self.lane_lines(stage.lane("goal")) for stage in self.stages])
        self.curve()
        for kind in content.LANES[1:]:
            self.lane(kind, self.stages[0].lane(kind).heading,
                      [self.lane_lines(stage.lane(kind)) for stage in self.stages])
        self.after_board()
        self.reasons()
        return bytes(self.pdf.output())


def _metadata(pdf: FPDF, journey: Mapping[str, Any], made_on: Optional[str]) -> None:
    pdf.set_title(_one_line(title(journey)))
    pdf.set_lang(journey["language"])
    pdf.set_creator("Reiswijzer")
    pdf.set_author("Reiswijzer")
    try:
        day = dt.date.fromisoformat(made_on or "")
    except ValueError:
        day = dt.datetime.now(dt.timezone.utc).date()
    # the day only, not the time: the same journey on the same day gives the same bytes
    pdf.set_creation_date(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc))


def document(journey: Mapping[str, Any], made_on: Optional[str] = None) -> bytes:
    """The journey map as a PDF (A4 landscape); `made_on` (a date, ISO preferred) goes in the footer."""
    board = Board(journey, made_on)
    _metadata(board.pdf, journey, made_on)
    return board.render()
