"""Lines a reader would not count as the article (promos, share prompts, source lines),
marked as spans to skip, never cut out of the text."""

from __future__ import annotations

import re

from briefgen import lexicon
from briefgen.model import Span
from briefgen.sources.dates import HEADER_LINES, find_date
from briefgen.text import Line, split_lines

KICKER_LINES = re.compile(
    rf"^\s*({'|'.join(re.escape(word) for word in lexicon.words('kickers'))})\s*:?\s*$", re.IGNORECASE
)
# Promotions and prompts, not prose: "Share prices rose" or "students sign up for courses" are news.
BOILERPLATE_LINES = (
    re.compile(r"^\s*source\s*:", re.IGNORECASE),
    re.compile(
        r"^\s*(get|sign up|subscribe|follow us|like us|share(?= this| on|\s*:|\s*$)|click here|read more)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(sent directly to you|sign up (via|for|to) (our|the) (website|newsletter)|subscribe to our)\b",
        re.IGNORECASE,
    ),
    re.compile(r"^\s*(tags|related( articles| stories)?)\s*:", re.IGNORECASE),
)


def is_fragment_of_next(line: Line, following: Line | None) -> bool:
    """A scraped headline cut short and then repeated whole on the next line."""
    return (
        following is not None
        and len(line.text.strip()) < len(following.text.strip())
        and line.text.strip() in following.text
    )


def find_boilerplate(text: str) -> tuple[Span, ...]:
    """Spans a reader would not count as the article: promos, share prompts, source lines."""
    lines = split_lines(text)
    spans: list[Span] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            any(pattern.search(line.text) for pattern in BOILERPLATE_LINES)
            or (index < HEADER_LINES and KICKER_LINES.match(line.text))
            or (index < HEADER_LINES and is_fragment_of_next(line, following))
        ):
            spans.append(Span(line.start, line.end))
    dated = find_date(text)
    if dated is not None and dated[1] is not None:
        spans.append(dated[1])
    return tuple(sorted(set(spans), key=lambda span: (span.start, span.end)))
