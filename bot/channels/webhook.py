"""The onboarding webhook: a finished journey POSTed to the host portal's server, signed, retried,
never in the way of the chat.

Switched on by `REISWIJZER_WEBHOOK_URL`; `REISWIJZER_WEBHOOK_SECRET` signs the requests (without a secret
nothing is sent, and the server says so once at start-up: an unsigned journey could be forged by anyone
who finds the portal's URL).

Each request carries
  X-Reiswijzer-Timestamp: <unix seconds>
  X-Reiswijzer-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the secret>
  X-Reiswijzer-Delivery:  <id, the same for every retry of one journey>
and the body {"event": "journey.completed", "delivery", "sender_id", "channel", "portal_ref", "journey"}.
The portal checks the signature (`verify` shows how) and that the timestamp is recent. A 2xx ends the
delivery; a network error, a 429 or a 5xx is retried `REISWIJZER_WEBHOOK_ATTEMPTS` times in all (default
5) with exponential backoff (`REISWIJZER_WEBHOOK_BACKOFF` seconds, default 1: waits 1, 2, 4, 8 s);
another 4xx is not retried. Delivery runs as a background task: the owner's reply never waits for it.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import time
import uuid
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Set

import aiohttp

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Reiswijzer-Signature"
TIMESTAMP_HEADER = "X-Reiswijzer-Timestamp"
DELIVERY_HEADER = "X-Reiswijzer-Delivery"
TIMEOUT_SECONDS = 10


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "v1=" + digest.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, max_age: float = 300,
           now: Optional[float] = None) -> bool:
    """What a portal does with a request: the signature matches and the timestamp is recent."""
    try:
        age = (now or time.time()) - int(timestamp)
    except (TypeError, ValueError):
        return False
    return abs(age) <= max_age and hmac.compare_digest(sign(secret, timestamp, body), signature or "")


@dataclass(frozen=True)
class Webhook:
    url: str
    secret: str
    attempts: int = 5
    backoff: float = 1.0

    @classmethod
    def from_env(cls) -> Optional["Webhook"]:
        url = os.environ.get("REISWIJZER_WEBHOOK_URL")
        if not url:
            return None
        secret = os.environ.get("REISWIJZER_WEBHOOK_SECRET")
        if not secret:
            logger.warning("REISWIJZER_WEBHOOK_URL is set but REISWIJZER_WEBHOOK_SECRET is not: "
                           "journeys are not sent to the portal until a secret signs them.")
            return None
        return cls(url, secret, int(os.environ.get("REISWIJZER_WEBHOOK_ATTEMPTS") or 5),
                   float(os.environ.get("REISWIJZER_WEBHOOK_BACKOFF") or 1.0))

    def body(self, delivery: str, sender_id: str, channel: str, portal_ref: Optional[str],
             journey: Mapping[str, Any]) -> bytes:
        return json.dumps({"event": "journey.completed", "delivery": delivery, "sender_id": sender_id,
                           "channel": channel, "portal_ref": portal_ref, "journey": journey},
                          ensure_ascii=False).encode("utf-8")

    async def deliver(self, body: bytes, delivery: str) -> bool:
        """POSTs until the portal accepts it or the attempts are used up; True when it was accepted."""
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)) as session:
            for attempt in range(1, self.attempts + 1):
                timestamp = str(int(time.time()))
                headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: timestamp,
                           SIGNATURE_HEADER: sign(self.secret, timestamp, body), DELIVERY_HEADER: delivery,
                           "User-Agent": "Reiswijzer-Webhook/1"}
                try:
                    async with session.post(self.url, data=body, headers=headers) as reply:
                        if 200 <= reply.status < 300:
                            return True
                        if reply.status != 429 and reply.status < 500:
                            logger.warning("Webhook %s refused journey %s with %s; not retried",
                                           self.url, delivery, reply.status)
                            return False
                        problem = f"HTTP {reply.status}"
                except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                    problem = repr(error)
                if attempt < self.attempts:
                    wait = self.backoff * 2 ** (attempt - 1)
                    logger.info("Webhook attempt %d for %s failed (%s); retrying in %.1fs",
                                attempt, delivery, problem, wait)
                    await asyncio.sleep(wait)
        logger.error("Webhook %s: journey %s not delivered after %d attempts", self.url, delivery, self.attempts)
        return False


# background deliveries, kept referenced until done (asyncio holds tasks only weakly)
_pending: Set["asyncio.Task[bool]"] = set()


def send_in_background(webhook: Webhook, sender_id: str, channel: str, portal_ref: Optional[str],
                       journey: Mapping[str, Any]) -> "asyncio.Task[bool]":
    delivery = uuid.uuid4().hex
    task = asyncio.get_running_loop().create_task(
        webhook.deliver(webhook.body(delivery, sender_id, channel, portal_ref, journey), delivery))
    _pending.add(task)
    task.add_done_callback(_pending.discard)
    return task

