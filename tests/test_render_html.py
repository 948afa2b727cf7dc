"""The journey map renderer (bot/render/html.py): one column per stage, an emotion curve, owners'
text escaped. The widget and the HTML export (issue #9) are built on it."""
import dataclasses
import re
from html.parser import HTMLParser

from bot.journey import build
from bot.profile import Profile
from bot.render import html
from tests.profiles import BAKERY, SOFTWARE


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(markup):
    collector = Collect()
    collector.feed(markup)
    return collector


def test_the_map_has_a_column_per_stage_and_a_point_per_stage_on_the_curve():
    journey = build(Profile.from_slots(SOFTWARE))
    page = parsed(html.fragment(journey))
    stages = [attrs["data-stage"] for tag, attrs in page.tags if tag == "article"]
    assert stages == [stage["id"] for stage in journey["stages"]]
    assert sum(1 for tag, attrs in page.tags if "rw-dot" in attrs.get("class", "").split()) == len(journey["stages"])
    points = next(attrs["points"] for tag, attrs in page.tags if tag == "polyline").split()
    heights = [float(point.split(",")[1]) for point in points]
    emotions = [stage["emotion"] for stage in journey["stages"]]
    # a better feeling is drawn higher (smaller y)
    for (e1, y1), (e2, y2) in zip(zip(emotions, heights), zip(emotions[1:], heights[1:])):
        assert (e1 > e2) == (y1 < y2) and (e1 == e2) == (y1 == y2)


def test_existing_and_recommended_touchpoints_are_marked_differently():
    journey = build(Profile.from_slots(BAKERY))
    page = parsed(html.fragment(journey))
    classes = [attrs.get("class", "") for tag, attrs in page.tags if tag == "span"]
    existing = sum(tp["status"] == "existing" for s in journey["stages"] for tp in s["touchpoints"])
    recommended = sum(tp["status"] == "recommended" for s in journey["stages"] for tp in s["touchpoints"])
    assert classes.count("rw-tp rw-existing") == existing > 0
    assert classes.count("rw-tp rw-recommended") == recommended > 0


def test_owners_text_is_shown_as_text_never_as_markup():
    hostile = "<script>alert(1)</script> & \"quotes\" <img src=x onerror=alert(2)>"
    owner = dataclasses.replace(Profile.from_slots(BAKERY), business_name=hostile, pain_points=hostile)
    page_html = html.page(build(owner), made_on="2026-12-02")
    page = parsed(page_html)
    assert not [tag for tag, _ in page.tags if tag in ("script", "img")]
    assert hostile in "".join(page.text)
    assert not re.search(r"<(script|img)\b", page_html)
