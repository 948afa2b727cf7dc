"""The tracker store of the one-process default (`make run`): Rasa's SQLTrackerStore on SQLite, with the
conversations it wrote itself kept in memory as well.

Rasa's SQL store rebuilds the whole conversation from the database for every message (a query, a JSON
decode and an object per stored event) and, to save, first counts the stored events with the same query
(together ~20 % of the server's CPU per turn under load; issue #11). When this process is the only
writer, both are known already: the conversation object saved last time is what the database holds.

- `retrieve` hands out the object saved last (and forgets it, so a message whose handling fails half way
  is read back from the database next time); otherwise it reads the database as Rasa does.
- `save` inserts only the events added since that object was handed out (no count query).
- SQLite runs in WAL mode with `synchronous=NORMAL`: a commit survives the process being killed; only an
  operating-system crash may lose the last commits.

Only for a single server process: with several Sanic workers, replicas or an event broker this class
behaves exactly like Rasa's SQLTrackerStore (no memory), and the production profile uses Rasa's own store
on PostgreSQL. Listed in endpoints.yml as `type: bot.channels.tracker_store.CachedSQLTrackerStore`.
"""
from __future__ import annotations

import json
import logging
import os
from collections import OrderedDict
from typing import Any, Dict, Optional, Text, Tuple

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

DEFAULT_CACHED_CONVERSATIONS = 500


class CachedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that remembers the conversations it saved (see the module docstring)."""

    def __init__(self, *args: Any, host: Optional[Text] = None,
                 cached_conversations: int = DEFAULT_CACHED_CONVERSATIONS, **kwargs: Any) -> None:
        super().__init__(*args, host=host, **kwargs)
        workers = int(os.environ.get("SANIC_WORKERS", "1") or 1)
        self.remembering = self.event_broker is None and workers <= 1
        self.capacity = max(0, int(cached_conversations)) if self.remembering else 0
        self._saved: "OrderedDict[Text, DialogueStateTracker]" = OrderedDict()
        self._handed_out: Dict[Text, Tuple[int, int]] = {}   # sender -> (id of the object, events stored)
        if self.engine.dialect.name == "sqlite":
            self._keep_sqlite_connection()
        if not self.remembering:
            logger.info("several workers or an event broker: conversations are read from the database every time")

    def _keep_sqlite_connection(self) -> None:
        """Rasa's engine opens and closes a SQLite connection per read and write; one kept open (per
        thread: the server's event loop uses one) saves that, and lets WAL mode stay on."""
        import sqlalchemy as sa
        from sqlalchemy.pool import SingletonThreadPool

        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, poolclass=SingletonThreadPool)
        sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        tracker = self._saved.pop(sender_id, None)
        if tracker is None:
            tracker = await super().retrieve(sender_id)
        if tracker is not None and self.capacity:
            self._handed_out[sender_id] = (id(tracker), len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        handed = self._handed_out.pop(tracker.sender_id, None)
        if not self.capacity or handed is None or handed[0] != id(tracker):
            await super().save(tracker)     # a conversation this process did not hand out: Rasa's own way
        else:
            self._insert(tracker, handed[1])
        if self.capacity:
            self._saved[tracker.sender_id] = tracker
            self._saved.move_to_end(tracker.sender_id)
            while len(self._saved) > self.capacity:
                self._saved.popitem(last=False)

    def _insert(self, tracker: DialogueStateTracker, stored: int) -> None:
        """The new events as rows, in one INSERT statement (the same columns and JSON Rasa's own save
        writes; without the ORM's per-object bookkeeping, ~5 % of a turn)."""
        rows = []
        for event in list(tracker.events)[stored:]:
            data = event.as_dict()
            rows.append({"sender_id": tracker.sender_id, "type_name": event.type_name,
                         "timestamp": data.get("timestamp"),
                         "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                         "action_name": data.get("name"), "data": json.dumps(data)})
        if not rows:
            return
        with self.session_scope() as session:
            session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
