"""Whole-conversation benchmark: plays the owners in tests/conversations/owners_*.yml against the real
Rasa and action servers (started here, like `make run` does) and sends the held-out off-topic messages
in tests/conversations/off_topic.yml, outside and inside the interview.

Writes docs/conversation-report.md and docs/conversation-report.json. Targets (issue #7):
- >= 90 % of owners end with the expected market, involvement, channels and goal;
- >= 95 % of answers understood the first time;
- 0 interviews ended or restarted by a misread;
- >= 90 % of off-topic messages recognised as off-topic, and none of them fills a slot.
Exit code 1 when a target is missed (the report is written either way).

Run: make bench-conversations          (or: python scripts/bench_conversations.py --limit 3 for a quick try)
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conversation_player import INTERVIEW_SLOTS, Player  # noqa: E402
from tests.e2e import RasaServers  # noqa: E402

CONVERSATIONS = ROOT / "tests" / "conversations"
OUT = ROOT / "docs"
TARGETS = {"owners_all_right": 0.90, "first_time": 0.95, "misread_endings": 0, "off_topic": 0.90}


def load_owners(pattern: str = "owners_*.yml") -> Dict[str, List[Dict[str, Any]]]:
    batches = {}
    for path in sorted(CONVERSATIONS.glob(pattern)):
        batches[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))["owners"]
    return batches


def load_off_topic() -> Dict[str, List[Dict[str, Any]]]:
    """Held-out off-topic messages per file (off_topic.yml, off_topic_b.yml, ...)."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
            for path in sorted(CONVERSATIONS.glob("off_topic*.yml"))}


def play_owners(player: Player, owners: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    rows = []
    for owner in owners:
        outcome = player.play(owner)
        checks = outcome.checks(owner["expected"])
        got = {}
        if outcome.journey:
            profile = outcome.journey["profile"]
            got = {"market": profile.get("market"), "involvement": outcome.journey["involvement"]["level"],
                   "channels": sorted(profile.get("channels") or []), "goal": profile.get("goal")}
        rows.append({
            "id": owner["id"], "language": owner.get("language", "nl"), "checks": checks,
            "all_right": all(checks.values()), "expected": owner["expected"], "got": got,
            "first_time": outcome.first_time, "asked": outcome.asked_count, "misreads": outcome.misreads,
            "problems": outcome.problems, "turns": len(outcome.turns),
            "transcript": [{"owner": t.said, "asked": t.asked,
                            "bot": [m.get("text") for m in t.replies if m.get("text")]} for t in outcome.turns],
        })
        print(f"  {owner['id']}: {'ok' if rows[-1]['all_right'] else 'WRONG ' + str([k for k, v in checks.items() if not v])}"
              f"{' misread' if outcome.misreads else ''}", flush=True)
    return rows


INTERVIEW_START = {"nl": "ik wil mijn klantreis in kaart brengen", "en": "I want to map my customer journey"}


def off_topic(player: Player, messages: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Each message parsed on its own, and said in the interview while the business name is asked."""
    parsed_ok, in_form_ok, filled, misses = 0, 0, 0, []
    for message in messages:
        intent = (player.parse(message["text"]).get("intent") or {}).get("name")
        sender = "offtopic-" + uuid.uuid4().hex[:10]
        player.say(sender, INTERVIEW_START.get(message.get("language"), INTERVIEW_START["nl"]))
        player.say(sender, message["text"])
        slots = player.tracker(sender)["slots"]
        was_filled = [slot for slot in INTERVIEW_SLOTS if slots.get(slot) not in (None, [])]
        still_asked = slots.get("requested_slot") == "business_name"
        parsed_ok += intent == "out_of_scope"
        in_form_ok += still_asked and not was_filled
        filled += bool(was_filled)
        if intent != "out_of_scope" or was_filled or not still_asked:
            misses.append({"text": message["text"], "intent": intent, "filled": was_filled,
                           "still_asked": still_asked})
    total = len(messages) or 1
    return {"count": len(messages), "recognised": parsed_ok / total, "in_form_kept_question": in_form_ok / total,
            "filled_a_slot": filled, "misses": misses}


def summarise(rows: List[Dict[str, Any]]) -> Dict[str, Any]:
    answered = [ok for row in rows for ok in row["first_time"].values()]
    fields = Counter(k for row in rows for k, v in row["checks"].items() if not v)
    return {
        "owners": len(rows),
        "owners_all_right": sum(row["all_right"] for row in rows) / (len(rows) or 1),
        "first_time": sum(answered) / (len(answered) or 1),
        "answers": len(answered),
        "misread_endings": sum(len(row["misreads"]) for row in rows),
        "wrong_fields": dict(fields),
        "asked_more_than_3_times": sum(1 for row in rows for n in row["asked"].values() if n > 3),
    }


def report(result: Dict[str, Any]) -> str:
    lines = ["# Conversation report", "",
             "owners_a and off_topic were written before the fixes of issue #7 and their failures were read "
             "while fixing (general fixes, no per-owner tuning). owners_b and off_topic_b were written "
             "afterwards; their first run, before anyone read their failures, is the untouched figure: "
             "owners_b 41 % all four right, 96 % understood first time, 0 misread endings; off_topic_b "
             "93 % recognised, 37 messages filling a slot. owners_c was written later still (after the "
             "kind-of-business question and the business-name check); its untouched first run (commit "
             "ac6a7a4): 25 % all four right (channels wrong for 30 of 44, involvement for 7), 96 % understood "
             "first time, 0 misread endings, 8 openings answered instead of started. owners_d was written "
             "later still by two helpers who saw only the README and the questions; its untouched first "
             "run (commit 3810e1f): 20 % all four right (channels wrong for 34 of 44: channels the owner "
             "had stopped using, referrals by other businesses; involvement for 5, goal for 3), 97 % "
             "understood first time, 0 misread endings. owners_e was written after the round-D fixes, the "
             "same way; its untouched first run (commit 11c76e0): 30 % all four right (channels wrong for "
             "29 of 44; involvement, goal and market wrong for one owner each), 97 % understood first "
             "time, 0 misread endings. owners_f was written after the round-E fixes, the same way; its "
             "untouched first run (commit fc39a0b): 48 % all four right (channels wrong for 21 of 44: "
             "channels competitors use or the owner only wants, platform names, places that say where a "
             "shop or an event is; goal for 4, involvement for 4, market for 3), 99 % understood first "
             "time, 0 misread endings. owners_g was written after the round-F fixes, the same way; its "
             "untouched first run (commit 30b0497): 45 % all four right (channels wrong for 22 of 44: "
             "channel words in compounds and diminutives, skipped or only considered channels, businesses "
             "that recommend the owner, sending a newsletter read as a referral; market for 2, goal and "
             "involvement for one each), 98 % understood first time, 0 misread endings. owners_h was "
             "written after the round-G fixes, the same way (the helpers also saw the list of kinds of "
             "business used before, to avoid repeats); its untouched first run (commit b9b2d62): 43 % all "
             "four right (channels wrong for 23 of 44: platforms named by their web address, channels in "
             "a question or only considered, other businesses' channels, sales reps and organic search in "
             "everyday words; involvement for 4, market for 3, goal for 1), 98 % understood first time, 0 "
             "misread endings. owners_i was written after the round-H fixes, the same way; its untouched "
             "first run (commit eff1d3a): 50 % all four right (channels wrong for 21 of 44: papers named "
             "by their title, organisations that recommend the owner named in a relative clause or after "
             "an inverted verb, channels said in the opening, a competitor's ads; involvement for 3: a "
             "yearly renewal, cheap business subscriptions), 97 % understood first time, 0 misread endings. "
             "The failures of all nine batches were read after their first runs "
             "(general fixes: openings, the channel lexicon, stopped channels, referrals, channels noted "
             "in passing), so the figures below are no longer untouched for any batch.", "",
             "Whole interviews played over REST against the real servers by `make bench-conversations` "
             "(scripts/bench_conversations.py). Owners and off-topic messages were written by someone who saw "
             "only the README and the questions the bot asks; see tests/conversations/. "
             f"Generated {result['generated']}.", "",
             "| batch | owners | all four right | answers understood first time | misread endings |",
             "| --- | --- | --- | --- | --- |"]
    for batch, data in result["batches"].items():
        s = data["summary"]
        lines.append(f"| {batch} | {s['owners']} | {s['owners_all_right']:.0%} | {s['first_time']:.0%} "
                     f"({s['answers']} answers) | {s['misread_endings']} |")
    for name, ot in (result.get("off_topic") or {}).items():
        lines += ["", f"Off-topic, {name} ({ot['count']} held-out messages): recognised as off-topic "
                  f"{ot['recognised']:.0%}; said while the business name was asked, the question stayed open "
                  f"{ot['in_form_kept_question']:.0%}; messages that filled a slot: {ot['filled_a_slot']}."]
    lines += ["", "Targets: all four right >= 90 %, first time >= 95 %, misread endings 0, off-topic >= 90 % "
              "and no slot filled.", ""]
    for batch, data in result["batches"].items():
        lines += [f"## {batch}", "", f"Wrong fields: {data['summary']['wrong_fields'] or 'none'}", "",
                  "| owner | wrong | not understood at first | misreads/problems |", "| --- | --- | --- | --- |"]
        for row in data["rows"]:
            wrong = ", ".join(f"{k} (got {row['got'].get(k)!r}, expected {row['expected'][k]!r})"
                              for k, v in row["checks"].items() if not v)
            missed = ", ".join(slot for slot, ok in row["first_time"].items() if not ok)
            notes = "; ".join(row["misreads"] + row["problems"])
            if wrong or missed or notes:
                lines.append(f"| {row['id']} | {wrong or '-'} | {missed or '-'} | {notes or '-'} |".replace("\n", " "))
        lines.append("")
    for name, ot in (result.get("off_topic") or {}).items():
        if ot["misses"]:
            lines += [f"## Off-topic misses ({name})", "", "| message | intent | filled |", "| --- | --- | --- |"]
            lines += [f"| {m['text']} | {m['intent']} | {', '.join(m['filled']) or '-'} |" for m in ot["misses"]]
            lines.append("")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="play only the first N owners per batch")
    parser.add_argument("--batch", default="owners_*", help="glob of owner files (default owners_*)")
    parser.add_argument("--no-off-topic", action="store_true")
    parser.add_argument("--url", help="use servers already running here (with --token) instead of starting them")
    parser.add_argument("--token")
    parser.add_argument("--out", default=str(OUT / "conversation-report"))
    args = parser.parse_args()

    servers = None
    if args.url:
        player = Player(args.url, args.token)
    else:
        token = "bench-" + uuid.uuid4().hex
        servers = RasaServers(Path(tempfile.mkdtemp(prefix="reiswijzer-bench-")))
        print("starting the servers ...", flush=True)
        servers.start(token=token)
        player = Player(servers.url, token)
    try:
        result: Dict[str, Any] = {"generated": time.strftime("%Y-%m-%d %H:%M"), "batches": {}}
        for batch, owners in load_owners(args.batch + ".yml").items():
            owners = owners[: args.limit] if args.limit else owners
            print(f"{batch}: {len(owners)} owners", flush=True)
            rows = play_owners(player, owners)
            result["batches"][batch] = {"summary": summarise(rows), "rows": rows}
        if not args.no_off_topic:
            result["off_topic"] = {}
            for name, messages in load_off_topic().items():
                messages = messages[: args.limit * 10] if args.limit else messages
                print(f"{name}: {len(messages)} messages", flush=True)
                result["off_topic"][name] = off_topic(player, messages)
    finally:
        if servers:
            servers.stop()
    out = Path(args.out)
    out.with_suffix(".json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    out.with_suffix(".md").write_text(report(result), encoding="utf-8")
    print(report(result).split("\n## ")[0])
    met = all(data["summary"]["owners_all_right"] >= TARGETS["owners_all_right"]
              and data["summary"]["first_time"] >= TARGETS["first_time"]
              and data["summary"]["misread_endings"] <= TARGETS["misread_endings"]
              for data in result["batches"].values())
    for ot in (result.get("off_topic") or {}).values():
        met = met and ot["recognised"] >= TARGETS["off_topic"] and ot["filled_a_slot"] == 0
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
