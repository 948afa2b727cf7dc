"""Renders the journeys of the businesses in tests/advice/businesses_<round>.yml the way an owner sees
them (the chat messages) plus the journey payload, one Markdown file per business, for the advice
review (docs/advice-review.md): the reviewer sees these files only, not the rule base.

Run: .venv/bin/python scripts/render_journeys.py r1 /tmp/advice-r1
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.journey import build  # noqa: E402
from bot.profile import Profile  # noqa: E402
from bot.render import chat  # noqa: E402


def main(argv) -> int:
    round_id, out = argv[1], Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    businesses = yaml.safe_load((ROOT / "tests" / "advice" / f"businesses_{round_id}.yml").read_text())["businesses"]
    for entry in businesses:
        profile = Profile.from_slots({**entry["answers"], "language": entry.get("language", "nl")})
        journey = build(profile)
        lines = [f"# {entry['id']}", "", "## What the owner said", "", "```yaml",
                 yaml.safe_dump(entry["answers"], allow_unicode=True, sort_keys=False).strip(), "```", "",
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
