"""The reader of text PDFs (pdfminer.six, the [pdf] extra): the text boxes of each page in
reading order, one paragraph per box, with words hyphenated at line ends joined again and
the running headers and footers that repeat on every page left out.

A PDF without a text layer (a scan) is reported as such, not read as an empty source.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from briefgen.errors import InputError
from briefgen.sources.boilerplate import find_boilerplate
from briefgen.sources.metadata import derive_metadata
from briefgen.sources.reading import Reading, missing_extra

# A hyphen, a Unicode hyphen or a soft hyphen at the end of a line, after a letter.
LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010\u00ad]$")
SPACES = re.compile(r"[ \t\u00a0]+")
SENTENCE_END = re.compile(r"[.!?:;”\"’)]$")


def read(data: bytes, path: Path) -> Reading:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTTextContainer
        from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFParser, PDFSyntaxError
        from pdfminer.psparser import PSException
        from pdfminer.utils import decode_text
    except ImportError as error:
        raise missing_extra(path, "pdf") from error
    try:
        info = PDFDocument(PDFParser(io.BytesIO(data))).info
        fields = {
            key: decode_text(value) if isinstance(value, bytes) else str(value)
            for entry in info
            for key, value in entry.items()
            if key in {"Title", "Author"}
        }
        pages = [
            [box.get_text() for box in page if isinstance(box, LTTextContainer)]
            for page in extract_pages(io.BytesIO(data), laparams=LAParams())
        ]
    except (PDFEncryptionError, PDFPasswordIncorrect) as error:
        raise InputError(f"{path}: the PDF is encrypted; save a copy without a password") from error
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: not a readable PDF ({type(error).__name__}: {error})") from error
    paragraphs = list(join_pages([[unwrap(box) for box in boxes if box.strip()] for boxes in pages]))
    if not paragraphs:
        reason = (
            f"a scanned PDF with no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''}); "
            "run OCR on it (for example ocrmypdf) to read it"
        )
        return Reading("", "pdf", empty_reason=reason)
    text = "\n\n".join(paragraphs) + "\n"
    boilerplate = find_boilerplate(text)
    derived = derive_metadata(text, boilerplate)
    # The document's own Title and Author (a statement's author is the office that issues it).
    metadata = replace(
        derived,
        title=fields.get("Title", "").strip() or derived.title,
        publisher=fields.get("Author", "").strip() or derived.publisher,
    )
    return Reading(text, "pdf", metadata, boilerplate)


def unwrap(box: str) -> str:
    """A text box's lines as one paragraph: a word hyphenated at a line end joined again."""
    joined = ""
    for line in (SPACES.sub(" ", line).strip() for line in box.splitlines()):
        if not line:
            continue
        if LINE_END_HYPHEN.search(joined) and line[:1].islower():
            joined = joined[:-1] + line
        else:
            joined = f"{joined} {line}" if joined else line
    return joined


def running(line: str) -> str:
    """A header or footer line with its page numbers blanked: 'Page 2 of 3' -> 'Page # of #'."""
    return re.sub(r"\d+", "#", line)


def continues(paragraph: str, following: str) -> bool:
    """A paragraph cut by a page break: no full stop at its end, a small letter after it."""
    return not SENTENCE_END.search(paragraph) and following[:1].islower()


def join_pages(pages: list[list[str]]) -> Iterator[str]:
    """The paragraphs of every page, without the running headers and footers, and with a
    paragraph that a page break cut in two joined again."""
    edges: Counter[str] = Counter()
    for boxes in pages:
        edges.update({running(box) for box in (boxes[:1] + boxes[-1:])})
    repeated = {line for line, count in edges.items() if len(pages) > 1 and count >= max(2, len(pages) / 2)}
    pending: str | None = None
    for boxes in pages:
        edge = {0, len(boxes) - 1}
        body = [box for index, box in enumerate(boxes) if not (index in edge and running(box) in repeated)]
        for index, box in enumerate(body):
            if index == 0 and pending is not None and continues(pending, box):
                pending = unwrap(f"{pending}\n{box}")
                continue
            if pending is not None:
                yield pending
            pending = box
    if pending is not None:
        yield pending
