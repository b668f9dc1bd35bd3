"""Score `briefgen extract --format json` against a hand-labelled answer key.

    python bench/score.py                          # runs briefgen on seeds/, key in ../shared
    python bench/score.py --gold KEY.json --extracted OUT.json

Prints one line per measure with the bar it must meet (see the extraction issue).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "seeds-gold.json"


def stem(name: str) -> str:
    return Path(name).stem


def normal(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def surname(name: str | None) -> str:
    return (name or "").split()[-1].lower() if name else ""


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def score(gold: dict[str, Any], extracted: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(measure, value, bar, met) rows."""
    quotes = {(q["source"], q["start"], q["end"]): q for q in extracted["quotes"]}
    gold_quotes = {(stem(q["source"]), q["start"], q["end"]): q for q in gold["quotes"]}
    hits = [key for key in gold_quotes if key in quotes]
    precision = ratio(len(hits), len(quotes))
    recall = ratio(len(hits), len(gold_quotes))
    speakers = sum(surname(gold_quotes[k]["speaker"]) == surname(quotes[k]["speaker"]) for k in hits)
    speaker_accuracy = ratio(speakers, len(hits))
    partial = sum(bool(gold_quotes[k]["partial"]) == bool(quotes[k]["partial"]) for k in hits)

    def overlaps_quote(item: dict[str, Any]) -> bool:
        source = stem(item["source"])
        return any(s == source and st < item["end"] and item["start"] < en for s, st, en in quotes)

    rejected = sum(not overlaps_quote(item) for item in gold["not_quotes"])

    acronyms = {(a["short"], normal(a["long"])) for a in extracted["acronyms"]}
    acronym_hits = sum((a["short"], normal(a["long"])) in acronyms for a in gold["acronyms"])

    figures = [
        (fact["source"], figure["start"], figure["end"], fact["section"])
        for fact in extracted["facts"]
        for figure in fact["figures"]
    ]
    found = agreed = 0
    for figure in gold["figures"]:
        source = stem(figure["source"])
        match = [f for f in figures if f[0] == source and f[1] < figure["end"] and figure["start"] < f[2]]
        found += bool(match)
        agreed += bool(match) and match[0][3] == figure["section"]

    people_found = 0
    for person in gold["people"]:
        people_found += any(
            surname(p["name"]) == surname(person["name"]) and (p.get("role") or p.get("roles"))
            for p in extracted["people"]
        )

    conflicts_found = 0
    for conflict in gold["conflicts"]:
        wanted = {(stem(v["source"]), normal(v["text"])) for v in conflict["values"]}
        for reported in extracted["conflicts"]:
            values = {(v["source"], normal(v["text"])) for v in reported.get("values", [])}
            if all(any(s == src and text in t for s, t in values) for src, text in wanted):
                conflicts_found += 1
                break

    n_not, n_acr, n_fig = len(gold["not_quotes"]), len(gold["acronyms"]), len(gold["figures"])
    return [
        ("quote precision", f"{precision:.3f} ({len(hits)}/{len(quotes)})", ">= 0.95", precision >= 0.95),
        ("quote recall", f"{recall:.3f} ({len(hits)}/{len(gold_quotes)})", ">= 0.95", recall >= 0.95),
        (
            "speaker accuracy",
            f"{speaker_accuracy:.3f} ({speakers}/{len(hits)})",
            ">= 0.95",
            speaker_accuracy >= 0.95,
        ),
        ("partial flag", f"{ratio(partial, len(hits)):.3f} ({partial}/{len(hits)})", "-", True),
        ("non-speech rejected", f"{rejected}/{n_not}", f">= {n_not - 1}", rejected >= n_not - 1),
        ("acronyms with long form", f"{acronym_hits}/{n_acr}", f"= {n_acr}", acronym_hits == n_acr),
        (
            "figure recall",
            f"{ratio(found, n_fig):.3f} ({found}/{n_fig})",
            ">= 0.90",
            ratio(found, n_fig) >= 0.9,
        ),
        (
            "section agreement",
            f"{ratio(agreed, n_fig):.3f} ({agreed}/{n_fig})",
            ">= 0.80",
            ratio(agreed, n_fig) >= 0.8,
        ),
        (
            "people with roles",
            f"{people_found}/{len(gold['people'])}",
            f"= {len(gold['people'])}",
            people_found == len(gold["people"]),
        ),
        (
            "conflicts reported",
            f"{conflicts_found}/{len(gold['conflicts'])}",
            f"= {len(gold['conflicts'])}",
            conflicts_found == len(gold["conflicts"]),
        ),
    ]


def run_briefgen(sources: Path) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "briefgen", "extract", str(sources), "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(output.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--extracted", type=Path, help="JSON from briefgen extract (default: run it)")
    parser.add_argument("--sources", type=Path, default=ROOT / "seeds")
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    extracted = (
        json.loads(args.extracted.read_text(encoding="utf-8"))
        if args.extracted
        else run_briefgen(args.sources)
    )
    rows = score(gold, extracted)
    width = max(len(row[0]) for row in rows)
    for name, value, bar, met in rows:
        print(f"{name:<{width}}  {value:<22} {bar:<8} {'ok' if met else 'BELOW BAR'}")
    return 0 if all(row[3] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
