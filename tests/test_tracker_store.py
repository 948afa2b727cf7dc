"""The default tracker store (bot/channels/tracker_store.py): Rasa's SQL store on SQLite that remembers the
conversations it saved; what is in the database must be exactly what Rasa's own store would hold."""
import asyncio
import sqlite3

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.tracker_store import CachedSQLTrackerStore

DOMAIN = Domain.from_yaml("""
version: "3.1"
slots:
  price:
    type: text
    mappings: [{type: custom}]
""")


def run(coroutine):
    return asyncio.run(coroutine)


def turn(tracker, text, price):
    tracker.update_with_events([UserUttered(text, {"name": "inform", "confidence": 1.0}),
                                SlotSet("price", price), ActionExecuted("action_listen")], DOMAIN)


async def first_turn_saved(path, sender):
    """A store on `path` and a conversation whose first turn (price: 3 euro) it saved."""
    store = CachedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=path)
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    turn(tracker, "3 euro", "3 euro")
    await store.save(tracker)
    return store, tracker


def stored_rows(path):
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("select type_name from events order by id")]


def test_a_conversation_is_stored_once_per_event_and_read_back_by_rasas_own_store(tmp_path):
    path = str(tmp_path / "tracker.db")

    async def conversation():
        store, tracker = await first_turn_saved(path, "owner-1")
        for price in ("4 euro", "5 euro"):
            tracker = await store.retrieve("owner-1")
            turn(tracker, price, price)
            tracker.update(BotUttered("genoteerd"))
            await store.save(tracker)
        return tracker

    final = run(conversation())
    assert len(stored_rows(path)) == len(final.events) == 11          # nothing stored twice, nothing lost
    reread = run(SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=path).retrieve("owner-1"))
    assert reread.get_slot("price") == "5 euro"
    assert [e.as_dict()["event"] for e in reread.events] == [e.as_dict()["event"] for e in final.events]


def test_a_message_whose_handling_failed_is_read_back_from_the_database(tmp_path):
    path = str(tmp_path / "tracker.db")

    async def conversation():
        store, _ = await first_turn_saved(path, "owner-2")
        broken = await store.retrieve("owner-2")
        turn(broken, "half", "never saved")       # handling fails: no save
        again = await store.retrieve("owner-2")
        return broken, again

    broken, again = run(conversation())
    assert again is not broken
    assert again.get_slot("price") == "3 euro" and len(again.events) == 3


def test_with_several_workers_it_is_rasas_store_as_is(tmp_path, monkeypatch):
    monkeypatch.setenv("SANIC_WORKERS", "2")
    store = CachedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))

    async def twice():
        tracker = DialogueStateTracker("owner-3", DOMAIN.slots)
        turn(tracker, "3 euro", "3 euro")
        await store.save(tracker)
        return await store.retrieve("owner-3"), tracker

    reread, saved = run(twice())
    assert not store.remembering and reread is not saved and reread.get_slot("price") == "3 euro"
