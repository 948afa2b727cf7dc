"""The Markdown and PDF exports (bot/render/markdown.py, bot/render/pdf.py, issue #9): every stage shown,
touchpoints and pain-point tactics marked in words, owners' text shown as text (never as structure), and a
PDF that is an A4 landscape board which runs on to further pages instead of cutting text off."""
import dataclasses
import html as html_module
import io
import re
from collections import Counter
from html.parser import HTMLParser

import pypdf
import pytest

from bot import knowledge
from bot.journey import build
from bot.profile import Profile
from bot.render import html, markdown, pdf
from tests.profiles import BAKERY, SOFTWARE

ENGLISH = {
    "business_name": "Corner Bakery", "offering": "bread and pastries", "market": "b2c",
    "audience": "people in the neighbourhood", "price": "3 euros", "purchase_frequency": "every day",
    "decision_time": "right away", "channels": ["store", "instagram"], "goal": "loyalty",
    "pain_points": "people don't know we open early", "language": "en",
}
SCRIPT = "<script>alert(1)</script>"
MARKUP_PAIN = "*bold* [link](http://x) # heading | pipe"
DAY = "2026-12-02"
# what makes Markdown structure anywhere in a line (escaped everywhere); "#", "-", "+", "1." only start one
INLINE_PUNCTUATION = r"\\`*_{}\[\]|~$"


def journey_of(slots, **changes):
    return build(dataclasses.replace(Profile.from_slots(slots), **changes))


def hostile():
    return journey_of(BAKERY, business_name=SCRIPT, pain_points=MARKUP_PAIN)


def msg(journey, key, **values):
    return knowledge.message(key, journey["language"], **values)


def one_line(text):
    return " ".join(text.split())


def unescape(markdown_text):
    """What a CommonMark viewer shows for escaped inline text: backslash escapes and entities resolved."""
    return html_module.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown_text))


# --- the escape helper ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    SCRIPT, MARKUP_PAIN, "1. first\n2) second", "- item", "+ item", "> quote", "## heading", "---", "***",
    "`code` and ``more``", "a_b_c and __d__", "~~strike~~ | a | b |", "![img](x.png)", "<b>&amp;</b>",
    "back\\slash \\*", "€ 3, Oriëntatie, Ωmega", "tabs\tand\r\nnewlines\u2028too", "$x$ {braces}",
])
def test_escape_keeps_the_text_and_leaves_no_markdown_or_html_structure(text):
    escaped = markdown.escape(text)
    assert unescape(escaped) == one_line(text)
    assert "\n" not in escaped and "\r" not in escaped
    assert not re.search(r"<[A-Za-z/!?]", escaped)  # no tag, comment or autolink can start
    # every inline Markdown punctuation mark is escaped, and every entity is one we wrote
    rest = re.sub(r"&(amp|lt);", "", re.sub(rf"\\[{INLINE_PUNCTUATION}.)#+\->]", "", escaped))
    assert not re.search(rf"[{INLINE_PUNCTUATION}]|&#?[0-9A-Za-z]+;", rest)
    # nothing at the start can begin a block: list, ordered list, heading, quote, rule, code
    assert not re.match(r"\s|[-+*#>]|\d+[.)]", escaped)


def test_escape_leaves_ampersands_and_comparisons_that_start_nothing_as_they_are():
    # an owner's "Stop & Go" must not read "Stop &amp; Go" in a text editor
    assert markdown.escape("Stop & Go: 3 < 4 > 2 & co") == "Stop & Go: 3 < 4 > 2 & co"
    assert markdown.escape("&copy; <br> &#65;") == "&amp;copy; &lt;br> &amp;#65;"


def test_escape_drops_control_characters():
    assert markdown.escape("a\x00b\x07c") == "abc"


# --- Markdown ---------------------------------------------------------------------------------------------

def test_markdown_has_a_title_the_involvement_and_one_section_per_stage_in_order():
    journey = journey_of(BAKERY)
    text = markdown.document(journey)
    lines = text.splitlines()
    assert lines[0] == f"# {html.title(journey)}"
    assert html.involvement_line(journey) in lines
    for reason in journey["involvement"]["reasons"]:
        assert f"- {markdown.escape(reason)}" in lines
    headings = [line for line in lines if re.match(r"## \d+\. ", line)]
    shares = [msg(journey, "map_share", percent=round(stage["weight"] * 100)) for stage in journey["stages"]]
    assert headings == [f"## {number}. {markdown.escape(stage['name'])} ({share})"
                        for number, (stage, share) in enumerate(zip(journey["stages"], shares), 1)]
    assert not [line for line in lines if line.startswith("### ")]


def test_markdown_shows_every_lane_of_every_stage():
    journey = journey_of(SOFTWARE)
    text = markdown.document(journey)
    sections = re.split(r"^## \d+\. .*$", text, flags=re.M)[1:]
    assert len(sections) == len(journey["stages"])
    for stage, section in zip(journey["stages"], sections):
        assert markdown.escape(stage["customer_goal"]) in section
        emotion = "0" if stage["emotion"] == 0 else f"{stage['emotion']:+d}"
        assert f"**{msg(journey, 'map_emotion')}:** {msg(journey, 'export_emotion', emotion=emotion)}" in section
        for tactic in stage["tactics"]:
            assert markdown.escape(tactic["text"]) in section and markdown.escape(tactic["why"]) in section
        for item in stage["kpis"] + stage["pain_points"]:
            assert f"- {markdown.escape(item)}" in section
        for warning in (w for w in journey["warnings"] if w["stage"] == stage["id"]):
            assert markdown.escape(warning["text"]) in section


def test_markdown_tells_existing_and_recommended_touchpoints_and_pain_tactics_apart_in_words():
    journey = journey_of(SOFTWARE)
    text = markdown.document(journey)
    touchpoints = [tp for stage in journey["stages"] for tp in stage["touchpoints"]]
    existing = sum(tp["status"] == "existing" for tp in touchpoints)
    assert text.count(f"({msg(journey, 'map_existing')})") == existing > 0
    assert text.count(f"({msg(journey, 'map_recommended')})") == len(touchpoints) - existing > 0
    for_pain = [t for stage in journey["stages"] for t in stage["tactics"] if t.get("addresses_pain")]
    assert for_pain
    for tactic in for_pain:
        assert f"- {markdown.escape(tactic['text'])} (**{msg(journey, 'map_for_pain')}**)" in text
    assert text.count(msg(journey, "map_for_pain")) == len(for_pain) + sum(
        bool(w.get("addresses_pain")) for w in journey["warnings"])


def test_markdown_in_english():
    journey = journey_of(ENGLISH)
    assert journey["language"] == "en"
    text = markdown.document(journey, made_on=DAY)
    assert text.startswith(f"# {knowledge.message('map_title', 'en', business='Corner Bakery')}\n")
    assert f"**{knowledge.message('stage_todo', 'en')}**" in text
    assert text.rstrip().endswith(f"*{knowledge.message('map_made_by', 'en', date=markdown.escape(DAY))}*")


def test_markdown_footer_journey_wide_warnings_and_notes():
    journey = journey_of(SOFTWARE, skipped=["decision_time"], decision_time=None)
    journey["warnings"].append({"id": "everywhere", "stage": None, "text": "Whole journey [x]", "why": "Because."})
    text = markdown.document(journey)
    assert msg(journey, "map_made_by", date="") not in text  # no date, no footer
    general = text.split(f"## {msg(journey, 'map_general_warnings')}\n", 1)[1]
    assert f"Whole journey \\[x\\]" in general.split("\n## ")[0]
    assert text.count("Whole journey") == 1  # not in any stage
    assert journey["notes"]
    notes = text.split(f"## {msg(journey, 'map_notes')}\n", 1)[1]
    for note in journey["notes"]:
        assert f"- {markdown.escape(note)}" in notes


def test_owners_text_in_markdown_is_text_never_structure():
    journey = hostile()
    text = markdown.document(journey, made_on=DAY)
    assert SCRIPT not in text and "<script" not in text
    assert "[link](" not in text and "*bold*" not in text
    assert markdown.escape(SCRIPT) in text.splitlines()[0]
    assert any(markdown.escape(MARKUP_PAIN) in line for line in text.splitlines())
    # the block structure is the same as a harmless owner's: same headings, no extra ones
    plain = markdown.document(journey_of(BAKERY, pain_points=MARKUP_PAIN.replace("#", "").replace("*", "")))
    assert [line for line in text.splitlines() if line.startswith("#")][1:] == \
        [line for line in plain.splitlines() if line.startswith("#")][1:]
    for line in text.splitlines():
        if "bold" in line:  # every special character in the owner's text is escaped
            assert not re.search(r"(?<!\\)[*\[\]|]", line.split("- ", 1)[1])


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_owners_text_in_markdown_stays_text_in_a_markdown_renderer():
    renderer = pytest.importorskip("markdown")  # Python-Markdown, there as a dependency of Rasa's tools
    journey = hostile()
    page = Collect()
    page.feed(renderer.markdown(markdown.document(journey, made_on=DAY)))
    assert {"script", "a", "img", "table", "code", "h3", "h4", "blockquote", "hr"} & set(page.tags) == {"hr"}
    assert page.tags.count("h1") == 1
    assert page.tags.count("h2") == len(journey["stages"]) + bool(journey["notes"]) + bool(
        [w for w in journey["warnings"] if w["stage"] not in {s["id"] for s in journey["stages"]}])
    shown = "".join(page.text)
    assert html.title(journey) in shown  # "<script>…" as text
    assert "*bold* [link](http://x) # heading" in shown


# --- PDF --------------------------------------------------------------------------------------------------

def read(data):
    return pypdf.PdfReader(io.BytesIO(data))


def page_texts(reader):
    return [one_line(page.extract_text()) for page in reader.pages]


def test_the_pdf_is_an_a4_landscape_map_with_title_stages_and_tactics():
    journey = journey_of(BAKERY)
    data = pdf.document(journey, made_on=DAY)
    assert data.startswith(b"%PDF")
    reader = read(data)
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 841.89) < 1 and abs(float(page.mediabox.height) - 595.28) < 1
    assert reader.metadata.title == html.title(journey)
    text = " ".join(page_texts(reader))
    assert html.title(journey) in text and html.involvement_line(journey) in text
    for stage in journey["stages"]:
        assert stage["name"] in text and one_line(stage["customer_goal"]) in text
        assert one_line(stage["tactics"][0]["text"]) in text
    assert msg(journey, "map_made_by", date=DAY) in text
    assert msg(journey, "export_page", page=len(reader.pages), pages=len(reader.pages)) in text


def test_the_pdf_marks_touchpoints_in_words_and_has_a_legend_on_every_page():
    journey = journey_of(SOFTWARE)
    reader = read(pdf.document(journey))
    texts = page_texts(reader)
    touchpoints = [tp for stage in journey["stages"] for tp in stage["touchpoints"]]
    existing = sum(tp["status"] == "existing" for tp in touchpoints)
    explained = [tp["status"] for tp in touchpoints if tp.get("why")]  # listed again with their why
    joined = " ".join(texts)
    # each touchpoint's status in words, on the map and with its why, plus the legend once per page
    assert joined.count(msg(journey, "map_existing")) == existing + explained.count("existing") + len(texts)
    assert joined.count(msg(journey, "map_recommended")) == \
        len(touchpoints) - existing + explained.count("recommended") + len(texts)
    for_pain = sum(bool(t.get("addresses_pain")) for stage in journey["stages"] for t in stage["tactics"])
    assert joined.count(msg(journey, "map_for_pain")) >= for_pain + len(texts)
    for text in texts:
        assert msg(journey, "map_emotion_curve") in text


def test_after_the_map_the_pdf_gives_every_piece_of_advice_with_its_why():
    journey = journey_of(SOFTWARE)
    texts = page_texts(read(pdf.document(journey)))
    title = msg(journey, "export_reasons_title")
    first = next(index for index, text in enumerate(texts) if title in text)
    assert first >= 1                                   # the map first, then the reasons
    reasons = " ".join(texts[first:])
    for stage in journey["stages"]:
        for item in stage["tactics"] + stage["touchpoints"]:
            assert one_line(item["why"]) in reasons, item
    for warning in journey["warnings"]:
        if warning.get("stage"):
            assert one_line(warning["why"]) in reasons


def test_the_pdf_in_english():
    journey = journey_of(ENGLISH)
    text = " ".join(page_texts(read(pdf.document(journey, made_on=DAY))))
    assert knowledge.message("map_title", "en", business="Corner Bakery") in text
    assert knowledge.message("stage_todo", "en").upper() in text
    assert all(stage["name"] in text for stage in journey["stages"])


def test_owners_text_in_the_pdf_is_plain_text():
    journey = hostile()
    reader = read(pdf.document(journey))
    assert reader.metadata.title == html.title(journey)
    text = " ".join(page_texts(reader))
    assert SCRIPT in text
    assert MARKUP_PAIN in text


def test_a_character_the_font_lacks_is_shown_as_missing_not_dropped():
    journey = journey_of(BAKERY, business_name="Bakkerij 面包 Ωmega € ë")
    text = " ".join(page_texts(read(pdf.document(journey))))
    assert "Bakkerij \ufffd\ufffd Ωmega € ë" in text


def test_a_long_journey_runs_on_over_pages_with_the_columns_and_keeps_every_word():
    journey = journey_of(SOFTWARE)
    pains = [f"knelpunt{n} " + " ".join(f"woord{n}x{k}" for k in range(50)) for n in range(12)]
    journey["stages"][1]["pain_points"] = pains
    journey["stages"][3]["pain_points"] = pains[:4]
    journey["stages"][0]["tactics"] *= 3
    reader = read(pdf.document(journey))
    texts = page_texts(reader)
    texts = texts[:next(i for i, text in enumerate(texts) if msg(journey, "export_reasons_title") in text)]
    assert len(texts) >= 3
    for text in texts:  # the stage headers on every page of the map
        assert all(stage["name"] in text for stage in journey["stages"])
    words = Counter(" ".join(texts).split())
    wanted = Counter(" ".join(pains + pains[:4]).split())
    assert not wanted - words
    tactic_words = Counter(" ".join(t["text"] for t in journey["stages"][0]["tactics"]).split())
    assert not tactic_words - words
    assert any(msg(journey, "export_continued") in text for text in texts[1:])


def test_the_pdf_is_the_same_for_the_same_journey():
    journey = journey_of(BAKERY)
    assert pdf.document(journey, made_on=DAY) == pdf.document(journey, made_on=DAY)
