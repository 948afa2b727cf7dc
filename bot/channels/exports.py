"""The journey exports: each finished journey is kept under an unguessable token and served as HTML,
PDF, Markdown and JSON at `/exports/<token>/<format>`.

How it fits together: the channels that carry a journey out of the Rasa server (REST, the web widget,
Slack) call `bot.channels.journeys.deliver`, which stores the journey here and fills in its `exports` links
before the client sees it (the action server knows nothing of tokens and keeps `exports: null`).
`ExportsInput`, listed in credentials.yml like Rasa's own channels, serves the links.

- A token is 192 random bits (`secrets.token_urlsafe(24)`): nobody can guess another conversation's link.
- One conversation has one live journey: when it is rebuilt (a correction, another stage model) the
  older token is deleted, so an old link answers 404 instead of outdated advice. Links also expire after
  `REISWIJZER_EXPORTS_DAYS` (default 90) days.
- The store is SQLAlchemy on SQLite (`REISWIJZER_EXPORTS_DB`, default `var/exports.db` beside the
  tracker store) or any SQLAlchemy URL in `REISWIJZER_EXPORTS_URL` (PostgreSQL in the production
  profile, so that every replica serves every link).
"""
from __future__ import annotations

import functools
import json
import logging
import os
import re
import secrets
import time
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import knowledge
from bot.render import html

logger = logging.getLogger(__name__)

TOKEN_BYTES = 24          # 192 bits
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")
FORMATS = ("html", "pdf", "md", "json")
DEFAULT_DAYS = 90

_metadata = sa.MetaData()
_exports = sa.Table(
    "reiswijzer_exports", _metadata,
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("journey", sa.Text, nullable=False),
)


class ExportStore:
    """Journeys by token: `save` keeps a conversation's latest journey, `get` finds it again."""

    def __init__(self, url: str, max_age_days: float = DEFAULT_DAYS) -> None:
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        self.engine = sa.create_engine(url, future=True)
        self.max_age = max_age_days * 86400
        _metadata.create_all(self.engine)

    @classmethod
    def from_env(cls) -> "ExportStore":
        url = os.environ.get("REISWIJZER_EXPORTS_URL")
        if not url:
            tracker_db = os.environ.get("REISWIJZER_DB", "var/tracker.db")
            path = os.environ.get("REISWIJZER_EXPORTS_DB") or str(Path(tracker_db).with_name("exports.db"))
            url = f"sqlite:///{Path(path).resolve()}"
        return cls(url, float(os.environ.get("REISWIJZER_EXPORTS_DAYS") or DEFAULT_DAYS))

    def save(self, token: str, sender_id: str, journey: Mapping[str, Any]) -> None:
        """Stores the journey under `token` (from `new_token`) and forgets the conversation's older ones."""
        now = time.time()
        with self.engine.begin() as connection:
            connection.execute(_exports.delete().where(
                (_exports.c.sender_id == sender_id) | (_exports.c.created < now - self.max_age)))
            connection.execute(_exports.insert().values(
                token=token, sender_id=sender_id, created=now, journey=json.dumps(journey, ensure_ascii=False)))

    def get(self, token: str) -> Optional[Tuple[Dict[str, Any], float]]:
        """(journey, created) for a live token; None for a wrong, replaced or expired one."""
        if not TOKEN_PATTERN.fullmatch(token or ""):
            return None
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(_exports.c.journey, _exports.c.created)
                                     .where(_exports.c.token == token)).first()
        if row is None or row.created < time.time() - self.max_age:
            return None
        return json.loads(row.journey), row.created


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@functools.lru_cache(maxsize=None)
def store() -> ExportStore:
    """The process's store, made on first use from the environment."""
    return ExportStore.from_env()


def links(base_url: str, token: str) -> Dict[str, str]:
    """The journey's `exports` object: one absolute link per format."""
    return {fmt: f"{base_url.rstrip('/')}/exports/{token}/{fmt}" for fmt in FORMATS}


def base_url(request_scheme: str, host: Optional[str]) -> str:
    """Where clients reach this server: REISWIJZER_PUBLIC_URL when set (behind a proxy), else the
    address the client used."""
    public = os.environ.get("REISWIJZER_PUBLIC_URL")
    if public:
        return public.rstrip("/")
    return f"{request_scheme}://{host or '127.0.0.1'}"


def filename(journey: Mapping[str, Any], fmt: str) -> str:
    """`klantreis-bakkerij-de-korenbloem.pdf`: ASCII, safe in a header, from the business name."""
    name = journey.get("profile", {}).get("business_name") or ""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60]
    stem = "klantreis" if journey.get("language") == "nl" else "customer-journey"
    return f"{stem}-{slug}.{fmt}" if slug else f"{stem}.{fmt}"


def render(journey: Mapping[str, Any], fmt: str, created: float) -> Tuple[bytes, str]:
    """(body, content type) of one export."""
    made_on = datetime.fromtimestamp(created, tz=timezone.utc).strftime("%Y-%m-%d")
    if fmt == "html":
        return html.page(journey, made_on).encode("utf-8"), "text/html; charset=utf-8"
    if fmt == "pdf":
        from bot.render import pdf  # fpdf2 is loaded on the first PDF asked for, not at start-up
        return pdf.document(journey, made_on), "application/pdf"
    if fmt == "md":
        from bot.render import markdown
        return markdown.document(journey, made_on).encode("utf-8"), "text/markdown; charset=utf-8"
    return json.dumps(journey, ensure_ascii=False, indent=2).encode("utf-8"), "application/json"


class ExportsInput(InputChannel):
    """Serves `/exports/<token>/{html,pdf,md,json}`. Takes no messages; listed in credentials.yml so it
    is switched on the way Rasa's channels are."""

    @classmethod
    def name(cls) -> Text:
        return "exports"

    def url_prefix(self) -> Text:
        return "/exports"  # absolute: Rasa joins it onto /webhooks/, which an absolute path replaces

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        exports = Blueprint("reiswijzer_exports", url_prefix="/exports")
        from bot.channels import journeys  # at start-up: the webhook's settings are read (and a problem said) once
        hook = journeys.webhook()
        if hook is not None:
            logger.info("Finished journeys are sent to the portal webhook at %s", hook.url)

        @exports.route("/<token:str>/<fmt:str>", methods=["GET"])
        async def export(request: Request, token: str, fmt: str) -> HTTPResponse:
            found = store().get(token) if fmt in FORMATS else None
            if found is None:
                # the link says nothing of its language: both (a Dutch owner is the first reader)
                said = knowledge.load("messages")["export_not_found"]
                return response.text(f"{said['nl']}\n{said['en']}\n", status=404,
                                     headers={"Cache-Control": "no-store"})
            journey, created = found
            body, content_type = render(journey, fmt, created)
            disposition = "inline" if fmt == "html" else "attachment"
            return response.raw(body, content_type=content_type, headers={
                "Content-Disposition": f'{disposition}; filename="{filename(journey, fmt)}"',
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
                # the HTML export runs no scripts and loads nothing: say so to the browser as well
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
            })

        return exports
