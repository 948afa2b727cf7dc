"""Renders the journeys of the businesses in tests/advice/businesses_<round>.yml the way an owner sees
them (the chat messages) plus the journey payload, one Markdown file per business, for the advice
review (docs/advice-review.md): the reviewer sees these files only, not the rule base. When the rules
are unsure of the kind of business the interview asks it; `business_type_answer` is what the owner
would then pick (only used, and only shown, when the question would be asked).

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
    for entry in businesses:
        answers = dict(entry["answers"])
        said_type = answers.pop("business_type_answer", None)
        if said_type and interview.type_guesses(answers):
            # the interview asks the kind of business when the rules are unsure: the owner's answer
            answers["business_type"] = business.type_from_text(said_type)
        profile = Profile.from_slots({**answers, "language": entry.get("language", "nl")})
        journey = build(profile)
        lines = [f"# {entry['id']}", "", "## What the owner said", "", "```yaml",
                 yaml.safe_dump(answers, allow_unicode=True, sort_keys=False).strip(), "```", "",
                 "## What the assistant sent (chat)", ""]
        for message in chat.render(journey):
            lines += [message, "", "---", ""]
        lines += ["## The journey payload (JSON)", "", "```json", json.dumps(journey, indent=1, ensure_ascii=False),
                  "```", ""]
        (out / f"{entry['id']}.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(businesses)} journeys written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
