"""Renders the journeys of the businesses in tests/advice/businesses_<round>.yml the way an owner sees
them (the chat messages) plus the journey payload, one Markdown file per business, for the advice
review (docs/advice-review.md): the reviewer sees these files only, not the rule base. When the rules
are unsure of the kind of business the interview asks it; `business_type_answer` is what the owner
would then pick (only used, and only shown, when the question would be asked). When a pain no rule
covers gets the follow-up ("Lijkt het op een van deze?"), the owner's pick comes from
tests/advice/follow_ups_<round>.yml; without that file the questions are written to
<out>/_follow_ups_to_answer.yml, for someone playing the owners to answer.

Run: .venv/bin/python scripts/render_journeys.py r1 /tmp/advice-r1
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import business, interview  # noqa: E402
from bot.journey import build  # noqa: E402
from bot.profile import Profile  # noqa: E402
from bot.render import chat  # noqa: E402


def main(argv) -> int:
    round_id, out = argv[1], Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    businesses = yaml.safe_load((ROOT / "tests" / "advice" / f"businesses_{round_id}.yml").read_text())["businesses"]
    picks_file = ROOT / "tests" / "advice" / f"follow_ups_{round_id}.yml"
    picks = yaml.safe_load(picks_file.read_text())["picks"] if picks_file.exists() else None
    to_pick = []
    for entry in businesses:
        language = entry.get("language", "nl")
        answers = dict(entry["answers"])
        said_type = answers.pop("business_type_answer", None)
        if said_type and interview.type_guesses(answers):
            # the interview asks the kind of business when the rules are unsure: the owner's answer
            answers["business_type"] = business.type_from_text(said_type)
        question = interview.question("pain_kind", language, values=answers) if interview.pain_follow_up(answers) else None
        if question and picks is None:
            to_pick.append({"id": entry["id"], "language": language, "pain_points": answers.get("pain_points"),
                            "question": question["text"], "options": [b["title"] for b in question["buttons"]]})
        elif question:
            # the follow-up for a pain no rule covers: what the owner picked (tests/advice/follow_ups_<round>.yml)
            answers["pain_kind"] = interview.pain_kind_answer(picks[entry["id"]], answers)
            answers["pain_kind_answer"] = picks[entry["id"]]
        profile = Profile.from_slots({**answers, "language": language})
        journey = build(profile)
        shown = {key: value for key, value in answers.items() if key != "pain_kind"}
        lines = [f"# {entry['id']}", "", "## What the owner said", "", "```yaml",
                 yaml.safe_dump(shown, allow_unicode=True, sort_keys=False).strip(), "```", "",
                 "## What the assistant sent (chat)", ""]
        if question:
            lines += [f"(During the interview: {question['text']} Options: {' | '.join(b['title'] for b in question['buttons'])}."
                      f" The owner answered: {picks[entry['id']] if picks else '(not asked yet)'})", ""]
        for message in chat.render(journey):
            lines += [message, "", "---", ""]
        lines += ["## The journey payload (JSON)", "", "```json", json.dumps(journey, indent=1, ensure_ascii=False),
                  "```", ""]
        (out / f"{entry['id']}.md").write_text("\n".join(lines), encoding="utf-8")
    if to_pick:
        (out / "_follow_ups_to_answer.yml").write_text(yaml.safe_dump({"questions": to_pick}, allow_unicode=True,
                                                                       sort_keys=False), encoding="utf-8")
        print(f"{len(to_pick)} follow-up questions to answer as the owners: {out / '_follow_ups_to_answer.yml'}"
              f" (answers go in {picks_file.relative_to(ROOT)} as picks: {{id: option}})")
    print(f"{len(businesses)} journeys written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
