"""The semantic HTML vocabulary both writers follow (DESIGN.md), checked on every rendered
pack, so a template that only one writer could follow fails whichever format is built."""

from __future__ import annotations

from typing import Any

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]

from briefgen.errors import CheckFailed

BLOCK_TAGS = frozenset(
    {"h1", "h2", "h3", "p", "ul", "ol", "blockquote", "table", "figure", "section", "aside", "img"}
)
INLINE_TAGS = frozenset({"a", "strong", "em", "sup", "cite"})
STRUCTURE_TAGS = frozenset({"li", "thead", "tbody", "tr", "th", "td", "figcaption", "footer"})
HEAD_TAGS = frozenset({"html", "head", "title", "meta", "link", "body"})
VOCABULARY = BLOCK_TAGS | INLINE_TAGS | STRUCTURE_TAGS | HEAD_TAGS
ATTRIBUTES = frozenset({"class", "id", "href", "src", "alt", "lang", "dir", "title"})
HEAD_ATTRIBUTES = frozenset({"charset", "name", "content", "rel", "href", "lang", "class"})

# Which template wrote an element with this id: errors name the file a user would edit.
PARTIALS = {
    "cover": "partials/cover.html",
    "contents": "partials/toc.html",
    "key-points": "partials/key_points.html",
    "key-figures": "partials/key_figures.html",
    "metrics": "partials/metrics.html",
    "key-dates": "partials/key_dates.html",
    "disagreements": "partials/disagreements.html",
    "changes": "partials/changes.html",
    "whos-who": "partials/whos_who.html",
    "glossary": "partials/glossary.html",
    "sources": "partials/sources.html",
    "quotable-lines": "partials/quotable_lines.html",
    "notes-to-editors": "partials/notes_to_editors.html",
    "what-comes-next": "partials/what_comes_next.html",
    "sources-note": "partials/sources_note.html",
}

HtmlElement = Any  # lxml ships no type hints


def classes(element: HtmlElement) -> list[str]:
    return str(element.get("class") or "").split()


def describe(element: HtmlElement) -> str:
    names = classes(element)
    return f"<{element.tag}" + (f' class="{" ".join(names)}"' if names else "") + ">"


def where(element: HtmlElement) -> str:
    """Which template wrote an element: the nearest enclosing element with an id."""
    for candidate in (element, *element.iterancestors()):
        ident = candidate.get("id")
        if ident and candidate.tag in {"section", "aside"}:
            partial = PARTIALS.get(ident)
            if ident.startswith("section-"):
                partial = f"sections/{ident.removeprefix('section-')}.html"
            label = f"brief.html / {candidate.tag}#{ident}"
            return f"{label} ({partial})" if partial else label
    return "brief.html"


def check_vocabulary(root: HtmlElement) -> None:
    """Fail on any element or attribute outside the vocabulary: the DOCX writer could not
    follow it, and the two formats would drift apart."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions render as nothing in both
        if element.tag not in VOCABULARY:
            raise CheckFailed(
                f"{where(element)}: {describe(element)} is not in the semantic HTML vocabulary "
                "(see DESIGN.md) that both the PDF and the DOCX follow"
            )
        allowed = HEAD_ATTRIBUTES if element.tag in HEAD_TAGS - {"body"} else ATTRIBUTES
        for attribute in element.attrib:
            if attribute not in allowed:
                raise CheckFailed(
                    f"{where(element)}: attribute {attribute}= on {describe(element)} is not in the "
                    "semantic HTML vocabulary; the DOCX could not follow it"
                )


def parse_html(html: str) -> HtmlElement:
    try:
        return lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as error:
        raise CheckFailed(f"brief.html: the rendered HTML cannot be parsed: {error}") from error
