"""End to end: a journey finished over REST carries export links that the real Rasa server serves (HTML,
PDF, Markdown, JSON with the right types), a wrong or replaced link gives 404, owners' text is escaped
in every export, and the host portal's webhook receives the signed journey."""
import io
import json
import re
import uuid

import jsonschema
import pytest
import requests
from pypdf import PdfReader

from bot import knowledge
from bot.channels import webhook
from tests.e2e import WEBHOOK_SECRET, journey_of

HOSTILE = "<script>alert(1)</script>"
ANSWERS = [HOSTILE, "brood en gebak", "particulieren", "mensen uit de buurt *vet* [klik](http://x.test)", "€ 3",
           "elke dag", "meteen", "onze winkel en insta", "dat was het", "meer vaste klanten",
           "<img src=x onerror=alert(2)> onze kassa | is # traag en klanten in de winkel wachten te lang", "ja"]


def interview(servers, sender, answers=ANSWERS, metadata=None):
    reply = servers.say(sender, "ik wil mijn klantreis in kaart brengen")
    for answer in answers:
        response = servers.post({"sender": sender, "message": answer, "metadata": metadata or {}})
        assert response.status_code == 200, response.text
        reply = response.json()
    journey = journey_of(reply)
    assert journey is not None, reply
    return journey


@pytest.fixture(scope="module")
def finished(rasa_servers):
    sender = "exports-" + uuid.uuid4().hex[:10]
    return sender, interview(rasa_servers, sender, metadata={"portal_ref": "account-42"})


def test_every_export_link_is_served_with_its_type_and_a_file_name(rasa_servers, finished, journey_schema):
    _, journey = finished
    jsonschema.validate(journey, journey_schema)
    links = journey["exports"]
    assert set(links) == {"html", "pdf", "md", "json"}
    tokens = {re.search(r"/exports/([^/]+)/", url).group(1) for url in links.values()}
    assert len(tokens) == 1 and len(tokens.pop()) >= 32   # one token of 192 bits for the four formats
    expected = {"html": "text/html", "pdf": "application/pdf", "md": "text/markdown", "json": "application/json"}
    for fmt, url in links.items():
        assert url.startswith(rasa_servers.url)
        reply = requests.get(url, timeout=30)
        assert reply.status_code == 200, (fmt, reply.text[:200])
        assert reply.headers["Content-Type"].startswith(expected[fmt])
        assert f'.{fmt}"' in reply.headers["Content-Disposition"]
    assert requests.get(links["pdf"], timeout=30).content.startswith(b"%PDF")
    exported = requests.get(links["json"], timeout=30).json()
    jsonschema.validate(exported, journey_schema)
    assert exported == journey


def test_owners_text_is_escaped_in_every_export(finished):
    _, journey = finished
    assert journey["profile"]["business_name"] == HOSTILE
    page = requests.get(journey["exports"]["html"], timeout=30).text
    assert HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "<script" not in page.lower()
    markdown = requests.get(journey["exports"]["md"], timeout=30).text
    assert "<script>" not in markdown and "<img" not in markdown and "[klik](" not in markdown
    pdf_text = "".join(page.extract_text() for page in
                       PdfReader(io.BytesIO(requests.get(journey["exports"]["pdf"], timeout=30).content)).pages)
    assert HOSTILE in pdf_text.replace("\n", "")   # in a PDF it is plain text, shown as typed


@pytest.mark.parametrize("path", ["/exports/" + "A" * 32 + "/pdf", "/exports/nonsense/html",
                                  "/exports/../../etc/passwd", "/exports/%27%20OR%201=1/json"])
def test_a_wrong_link_gives_404(rasa_servers, path):
    assert requests.get(rasa_servers.url + path, timeout=30).status_code == 404


def test_a_rebuilt_journey_gets_new_links_and_the_old_ones_stop_working(rasa_servers):
    sender = "exports-" + uuid.uuid4().hex[:10]
    first = interview(rasa_servers, sender)
    second = journey_of(rasa_servers.say(sender, "de prijs is eigenlijk 5 euro"))
    assert second is not None and second["exports"]["pdf"] != first["exports"]["pdf"]
    gone = requests.get(first["exports"]["json"], timeout=30)
    # 404, and it says why in both languages (a link carries no language)
    said = knowledge.load("messages")["export_not_found"]
    assert gone.status_code == 404 and said["nl"] in gone.text and said["en"] in gone.text
    assert requests.get(second["exports"]["json"], timeout=30).json()["profile"]["price"] == second["profile"]["price"]
    unknown_format = second["exports"]["json"].rsplit("/", 1)[0] + "/docx"
    assert requests.get(unknown_format, timeout=30).status_code == 404


def test_the_portal_receives_the_signed_journey_with_its_reference(rasa_servers, finished):
    sender, journey = finished
    received = rasa_servers.portal.journeys_for(sender)
    assert len(received) == 1
    headers, body = received[0]
    assert webhook.verify(WEBHOOK_SECRET, headers[webhook.TIMESTAMP_HEADER], body, headers[webhook.SIGNATURE_HEADER])
    sent = json.loads(body)
    assert sent["event"] == "journey.completed" and sent["portal_ref"] == "account-42"
    assert sent["channel"] == "rest" and sent["journey"] == journey
