"""Make a corpus of N sources by recombining the seeds' paragraphs, deterministically.

    python bench/make_corpus.py N OUT_DIR [--seed 7]

Names, figures and years are varied so that the corpus is not N copies of five texts.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURNAMES = ["Vassilenko", "Kurmashev", "Tokayev", "Nurlanova", "Petrov", "Okafor", "Haddad", "Lindqvist"]


def paragraphs(seeds: Path) -> list[str]:
    found = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found.extend(p.strip() for p in re.split(r"\n\s*\n|\n", text) if len(p.strip()) > 80)
    return found


def vary(paragraph: str, rng: random.Random) -> str:
    def number(match: re.Match[str]) -> str:
        digits = match.group()
        if len(digits) == 4 and digits.startswith(("19", "20")):
            return str(rng.randint(2015, 2030))
        return str(max(1, int(int(digits) * rng.uniform(0.5, 1.5))))

    paragraph = re.sub(r"\d+", number, paragraph)
    return re.sub("|".join(SURNAMES), lambda _: rng.choice(SURNAMES), paragraph)


def make_corpus(count: int, out: Path, seed: int = 7, seeds: Path = ROOT / "seeds") -> int:
    """Write count sources into out; returns the bytes written."""
    rng = random.Random(seed)
    pool = paragraphs(seeds)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for index in range(count):
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(6, 12)))
        title = (
            f"Briefing note {index + 1}: {rng.choice(['trade', 'security', 'culture', 'water', 'summit'])}"
        )
        date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = f"{title}\n{date}\n\n" + "\n\n".join(vary(p, rng) for p in chosen) + "\n"
        path = out / f"{index:05d}.txt"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    size = make_corpus(args.count, args.out, args.seed)
    print(f"wrote {args.count} sources, {size / 1e6:.2f} MB, to {args.out}")


if __name__ == "__main__":
    main()
