"""NLU benchmark on the held-out test set (tests/nlu_holdout/, never trained on).

Loads the model `make train` built from data/, parses every held-out message and reports per language:
intent accuracy and macro-F1 (FAQ topics counted as separate intents: "faq/touchpoint" must be answered
with the touchpoint answer), and precision/recall/F1 of the `channel` entity by value (the canonical id,
so "insta" → instagram must be exactly right). Writes docs/nlu-report.md and .json and one confusion
matrix PNG per language. Exit code 1 when a target is missed.

Run: make bench-nlu
"""
from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[1]
HOLDOUT = ROOT / "tests" / "nlu_holdout"
MODEL = ROOT / "models" / "reiswijzer.tar.gz"
OUT = ROOT / "docs"
TARGETS = {"intent_accuracy": 0.95, "channel_f1": 0.95}


def gold_examples(language: str) -> List[Dict[str, Any]]:
    """Every held-out message of a language: tests/nlu_holdout/<language>.yml and <language>_*.yml
    (each file written separately, by someone who had not seen the training data)."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for path in sorted(HOLDOUT.glob(f"{language}.yml")) + sorted(HOLDOUT.glob(f"{language}_*.yml")):
        for message in load_data(str(path)).intent_examples:
            intent = message.get("intent_response_key") or message.get("intent")
            channels = sorted({e["value"] for e in message.get("entities") or [] if e["entity"] == "channel"})
            examples.append({"text": message.get("text"), "intent": intent, "channels": channels, "set": path.stem})
    return examples


def predicted_intent(parse: Dict[str, Any]) -> str:
    intent = (parse.get("intent") or {}).get("name") or "none"
    if intent == "faq":
        key = (((parse.get("response_selector") or {}).get("faq") or {}).get("response") or {}).get(
            "intent_response_key")
        return key or "faq/?"
    return intent


async def predict(examples: List[Dict[str, Any]]) -> None:
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    for example in examples:
        parse = await agent.parse_message(example["text"])
        example["predicted"] = predicted_intent(parse)
        example["predicted_channels"] = sorted({e["value"] for e in parse.get("entities") or []
                                                if e["entity"] == "channel"})


def scores(examples: List[Dict[str, Any]]) -> Dict[str, Any]:
    from sklearn.metrics import f1_score

    gold = [e["intent"] for e in examples]
    pred = [e["predicted"] for e in examples]
    tp = fp = fn = 0
    for e in examples:
        g, p = set(e["channels"]), set(e["predicted_channels"])
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    top = lambda label: label.split("/")[0]  # noqa: E731
    return {
        "messages": len(examples),
        "intent_accuracy": round(sum(g == p for g, p in zip(gold, pred)) / len(examples), 4),
        "intent_macro_f1": round(f1_score(gold, pred, average="macro", labels=sorted(set(gold)), zero_division=0), 4),
        "top_level_intent_accuracy": round(sum(top(g) == top(p) for g, p in zip(gold, pred)) / len(examples), 4),
        "channel_precision": round(precision, 4), "channel_recall": round(recall, 4), "channel_f1": round(f1, 4),
        "channel_mentions": tp + fn,
        "by_set": {name: round(sum(e["intent"] == e["predicted"] for e in examples if e["set"] == name)
                               / sum(1 for e in examples if e["set"] == name), 4)
                   for name in sorted({e["set"] for e in examples})},
        "errors": [{"text": e["text"], "gold": e["intent"], "predicted": e["predicted"]}
                   for e in examples if e["intent"] != e["predicted"]],
        "channel_errors": [{"text": e["text"], "gold": e["channels"], "predicted": e["predicted_channels"]}
                           for e in examples if e["channels"] != e["predicted_channels"]],
    }


def confusion_png(examples: List[Dict[str, Any]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    gold = [e["intent"].split("/")[0] for e in examples]  # FAQ topics merged to keep it readable
    pred = [e["predicted"].split("/")[0] for e in examples]
    labels = sorted(set(gold) | set(pred))
    figure, axes = plt.subplots(figsize=(12, 11))
    ConfusionMatrixDisplay.from_predictions(gold, pred, labels=labels, ax=axes, colorbar=False,
                                            xticks_rotation="vertical")
    axes.set_title(title)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def markdown(report: Dict[str, Any]) -> str:
    lines = ["# NLU benchmark (held-out set)", "",
             "Made by `make bench-nlu` (scripts/bench_nlu.py): the model trained on `data/`, evaluated on",
             "`tests/nlu_holdout/` (written separately from the training data, never trained on). Intent",
             "accuracy counts each FAQ topic as its own intent. Channel scores compare canonical ids.",
             "`nl.yml`/`en.yml` were used to find gaps while the assistant was built; `nl_b.yml`/`en_b.yml`",
             "were written afterwards and never tuned against: their figures are the untouched ones.", "",
             "| language | messages | intent accuracy | intent macro-F1 | top-level accuracy | channel P | channel R | channel F1 |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for language, data in report["languages"].items():
        lines.append(f"| {language} | {data['messages']} | {data['intent_accuracy']:.1%} | {data['intent_macro_f1']:.3f} | "
                     f"{data['top_level_intent_accuracy']:.1%} | {data['channel_precision']:.3f} | "
                     f"{data['channel_recall']:.3f} | {data['channel_f1']:.3f} |")
    lines += ["", "Intent accuracy per held-out file: " + ", ".join(
        f"{name} {acc:.1%}" for data in report["languages"].values() for name, acc in data["by_set"].items()) + "."]
    lines += ["", f"Targets: intent accuracy ≥ {TARGETS['intent_accuracy']:.0%} and channel F1 ≥ "
              f"{TARGETS['channel_f1']} in both languages — {'met' if report['targets_met'] else 'NOT met'}.", ""]
    for language, data in report["languages"].items():
        lines += [f"## {language}", "", f"![confusion matrix](nlu-confusion-{language}.png)", "",
                  "Misclassified messages:", ""]
        lines += [f"- `{e['text']}`: {e['gold']} → {e['predicted']}" for e in data["errors"]] or ["- none"]
        lines += ["", "Channel differences:", ""]
        lines += [f"- `{e['text']}`: {e['gold']} → {e['predicted']}" for e in data["channel_errors"]] or ["- none"]
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    if not MODEL.exists():
        print(f"{MODEL} is missing: run `make bench-nlu`, which trains it first", file=sys.stderr)
        return 2
    report: Dict[str, Any] = {"model": MODEL.name, "targets": TARGETS, "languages": {}}
    for language in ("nl", "en"):
        examples = gold_examples(language)
        asyncio.run(predict(examples))
        report["languages"][language] = scores(examples)
        confusion_png(examples, OUT / f"nlu-confusion-{language}.png", f"Held-out intents ({language})")
    report["targets_met"] = all(data["intent_accuracy"] >= TARGETS["intent_accuracy"] and
                                data["channel_f1"] >= TARGETS["channel_f1"] for data in report["languages"].values())
    (OUT / "nlu-report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    (OUT / "nlu-report.md").write_text(markdown(report), encoding="utf-8")
    for language, data in report["languages"].items():
        print(f"{language}: intent accuracy {data['intent_accuracy']:.1%}, macro-F1 {data['intent_macro_f1']:.3f}, "
              f"channel P/R/F1 {data['channel_precision']:.3f}/{data['channel_recall']:.3f}/{data['channel_f1']:.3f}"
              f" ({data['messages']} messages)")
    print("targets met" if report["targets_met"] else "TARGETS NOT MET", "— report: docs/nlu-report.md")
    return 0 if report["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
