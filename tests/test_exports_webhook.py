"""The journey's exports (bot/channels/exports.py) and the portal webhook (bot/channels/webhook.py),
in-process: tokens, replacement and expiry, file names, and signed deliveries to a real HTTP server on
loopback that fails, refuses and accepts."""
import asyncio
import json
import time

import jsonschema
import pytest

from bot.channels import exports, journeys, webhook
from bot.journey import build
from bot.profile import Profile
from tests.e2e import Portal
from tests.profiles import BAKERY


@pytest.fixture
def store(tmp_path):
    return exports.ExportStore(f"sqlite:///{tmp_path / 'exports.db'}")


@pytest.fixture
def journey():
    return build(Profile.from_slots(BAKERY))


def test_a_journey_is_found_by_its_token_and_tokens_carry_192_random_bits(store, journey):
    token = exports.new_token()
    store.save(token, "owner-1", journey)
    found, created = store.get(token)
    assert found == journey and created <= time.time()
    tokens = {exports.new_token() for _ in range(200)}
    assert len(tokens) == 200 and all(exports.TOKEN_PATTERN.fullmatch(t) for t in tokens)
    assert len(token) * 6 >= 192


def test_a_rebuilt_journey_replaces_the_old_link_and_other_conversations_keep_theirs(store, journey):
    first, second, other = exports.new_token(), exports.new_token(), exports.new_token()
    store.save(first, "owner-1", journey)
    store.save(other, "owner-2", journey)
    store.save(second, "owner-1", {**journey, "stage_model": "aida_loyalty"})
    assert store.get(first) is None
    assert store.get(second)[0]["stage_model"] == "aida_loyalty"
    assert store.get(other) is not None


@pytest.mark.parametrize("token", ["", "x", "../../etc/passwd", "' OR 1=1 --", "A" * 32, "é" * 32])
def test_wrong_tokens_find_nothing(store, journey, token):
    store.save(exports.new_token(), "owner-1", journey)
    assert store.get(token) is None


def test_links_expire(tmp_path, journey):
    store = exports.ExportStore(f"sqlite:///{tmp_path / 'exports.db'}", max_age_days=1e-9)
    token = exports.new_token()
    store.save(token, "owner-1", journey)
    time.sleep(0.01)
    assert store.get(token) is None


def test_file_names_are_ascii_slugs_of_the_business_name(journey):
    named = {**journey, "profile": {**journey["profile"], "business_name": 'Café "Ü" <script>/..\\'}}
    assert exports.filename(named, "pdf") == "klantreis-cafe-u-script.pdf"
    nameless = {**journey, "profile": {**journey["profile"], "business_name": None}}
    assert exports.filename(nameless, "md") == "klantreis.md"


def test_every_export_renders_with_its_content_type(journey):
    for fmt, starts, content_type in [("html", b"<!doctype html>", "text/html"), ("pdf", b"%PDF", "application/pdf"),
                                      ("md", b"#", "text/markdown"), ("json", b"{", "application/json")]:
        body, kind = exports.render(journey, fmt, time.time())
        assert body.startswith(starts) and kind.startswith(content_type), fmt


def test_the_links_are_absolute_and_the_public_url_wins(monkeypatch):
    monkeypatch.delenv("REISWIJZER_PUBLIC_URL", raising=False)
    assert exports.base_url("http", "example.test:5005") == "http://example.test:5005"
    monkeypatch.setenv("REISWIJZER_PUBLIC_URL", "https://chat.example.nl/")
    assert exports.links(exports.base_url("http", "internal:5005"), "T" * 32)["pdf"] == \
        "https://chat.example.nl/exports/" + "T" * 32 + "/pdf"


def test_a_delivered_journey_carries_links_that_validate_and_the_store_keeps_it(tmp_path, monkeypatch, journey,
                                                                              journey_schema):
    monkeypatch.setenv("REISWIJZER_EXPORTS_DB", str(tmp_path / "exports.db"))
    monkeypatch.delenv("REISWIJZER_EXPORTS_URL", raising=False)
    monkeypatch.delenv("REISWIJZER_WEBHOOK_URL", raising=False)
    exports.store.cache_clear()
    journeys.webhook.cache_clear()
    try:
        delivered = journeys.deliver(journey, "owner-9", "http://127.0.0.1:5005", "rest")
        jsonschema.validate(delivered, journey_schema)
        token = delivered["exports"]["json"].split("/")[-2]
        assert exports.store().get(token)[0] == delivered
        assert journey["exports"] is None   # the action server's journey is not changed in place
    finally:
        exports.store.cache_clear()
        journeys.webhook.cache_clear()


# --- the webhook ----------------------------------------------------------------------------------------

@pytest.fixture
def portal_factory():
    made = []

    def make(statuses=()):
        made.append(Portal(statuses))
        return made[-1]

    yield make
    for portal in made:
        portal.close()


def test_signatures_verify_only_with_the_secret_the_body_and_a_fresh_timestamp():
    body, stamp = b'{"a": 1}', str(int(time.time()))
    signature = webhook.sign("s3cret", stamp, body)
    assert webhook.verify("s3cret", stamp, body, signature)
    assert not webhook.verify("other", stamp, body, signature)
    assert not webhook.verify("s3cret", stamp, body + b" ", signature)
    assert not webhook.verify("s3cret", str(int(time.time()) - 3600), body, signature)
    assert not webhook.verify("s3cret", "soon", body, signature)


def test_the_webhook_retries_server_errors_with_backoff_and_signs_every_attempt(portal_factory, journey):
    portal = portal_factory([503, 500])
    hook = webhook.Webhook(portal.url, "s3cret", attempts=4, backoff=0.05)
    body = hook.body("d-1", "owner-1", "webchat", "account-42", journey)
    started = time.time()
    assert asyncio.run(hook.deliver(body, "d-1")) is True
    assert time.time() - started >= 0.05 + 0.1   # waited 0.05 s, then 0.1 s
    assert len(portal.requests) == 3
    for headers, received in portal.requests:
        assert received == body
        assert headers[webhook.DELIVERY_HEADER] == "d-1"
        assert webhook.verify("s3cret", headers[webhook.TIMESTAMP_HEADER], received, headers[webhook.SIGNATURE_HEADER])
    sent = json.loads(body)
    assert sent["event"] == "journey.completed" and sent["portal_ref"] == "account-42"
    assert sent["journey"]["schema"] == "reiswijzer.journey/v1"


def test_a_refusal_is_not_retried_and_an_unreachable_portal_gives_up(portal_factory, journey):
    portal = portal_factory([400])
    hook = webhook.Webhook(portal.url, "s3cret", attempts=3, backoff=0.01)
    assert asyncio.run(hook.deliver(b"{}", "d-2")) is False
    assert len(portal.requests) == 1
    gone = webhook.Webhook("http://127.0.0.1:9/nothing", "s3cret", attempts=2, backoff=0.01)
    assert asyncio.run(gone.deliver(b"{}", "d-3")) is False


def test_without_a_secret_nothing_is_sent(monkeypatch):
    monkeypatch.setenv("REISWIJZER_WEBHOOK_URL", "http://127.0.0.1:9/x")
    monkeypatch.delenv("REISWIJZER_WEBHOOK_SECRET", raising=False)
    assert webhook.Webhook.from_env() is None
    monkeypatch.setenv("REISWIJZER_WEBHOOK_SECRET", "s")
    assert webhook.Webhook.from_env().url == "http://127.0.0.1:9/x"
