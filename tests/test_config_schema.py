"""The declarative schema every configuration file is checked with."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from briefgen.config.schema import (
    Count,
    Encoding,
    Flag,
    IsoDate,
    Names,
    Number,
    OneOf,
    Problems,
    Table,
    Tables,
    Text,
    WebAddress,
    Weights,
    encoding_problem,
    validate,
)

SCHEMA = {
    "title": Text(),
    "reader": Text(default="", empty=True),
    "limit": Count(default=3),
    "ratio": Number(default=1.0, maximum=1),
    "strict": Flag(default=False),
    "lead": OneOf(default="facts", choices=("facts", "quotes")),
    "kinds": Names(default=("a", "b"), choices=("a", "b", "c")),
    "pages": Table(default={"min": 0, "max": 0}, schema={"min": Count(default=0), "max": Count(default=0)}),
    "when": IsoDate(default=None),
    "url": WebAddress(default=None),
    "encoding": Encoding(default=None),
}


def check(raw: str, schema=SCHEMA):
    problems = Problems(Path("f.toml"), raw)
    values = validate(problems, tomllib.loads(raw), schema)
    return values, problems.items


def test_defaults_fill_what_a_file_leaves_out():
    values, problems = check('title = "Board note"\n')
    assert problems == []
    assert values == {
        "title": "Board note",
        "reader": "",
        "limit": 3,
        "ratio": 1.0,
        "strict": False,
        "lead": "facts",
        "kinds": ("a", "b"),
        "pages": {"min": 0, "max": 0},
        "when": None,
        "url": None,
        "encoding": None,
    }


def test_values_are_read_as_what_they_are():
    values, problems = check(
        'title = "T"\nkinds = ["c", "a"]\npages = { max = 8 }\nwhen = 2024-07-03\n'
        'url = "https://example.org/a"\nencoding = "cp1252"\nratio = 0.5\n'
    )
    assert problems == []
    assert values["kinds"] == ("c", "a")
    assert values["pages"] == {"min": 0, "max": 8}
    assert values["when"] == dt.date(2024, 7, 3)
    assert (values["url"], values["encoding"], values["ratio"]) == ("https://example.org/a", "cp1252", 0.5)


def test_a_date_may_be_a_string_or_a_toml_datetime():
    assert check('title = "T"\nwhen = "2024-07-03"\n')[0]["when"] == dt.date(2024, 7, 3)
    assert check('title = "T"\nwhen = 2024-07-03T10:00:00Z\n')[0]["when"] == dt.date(2024, 7, 3)


def test_every_problem_is_reported_at_once_in_file_order_with_line_and_key():
    raw = (
        'colour = "red"\n'
        "limit = -1\n"
        "ratio = 2\n"
        'strict = "yes"\n'
        'lead = "gossip"\n'
        'kinds = ["a", "z"]\n'
        "pages = { min = 1, most = 3 }\n"
        'when = "3 July"\n'
        'url = "ftp://example.org"\n'
        'encoding = "klingon"\n'
    )
    _, problems = check(raw)
    assert problems == [
        "f.toml:1: colour: unknown key (expected one of: title, reader, limit, ratio, strict, lead, kinds, "
        "pages, when, url, encoding)",
        "f.toml:2: limit: must not be negative, not -1",
        "f.toml:3: ratio: must be between 0 and 1, not 2",
        "f.toml:4: strict: must be true or false",
        "f.toml:5: lead: must be 'facts' or 'quotes', not 'gossip'",
        "f.toml:6: kinds: unknown name 'z' (expected one of: a, b, c)",
        "f.toml:7: pages.most: unknown key (expected one of: min, max)",
        "f.toml:8: when: must be a date YYYY-MM-DD, not '3 July'",
        "f.toml:9: url: must be an http or https address, not 'ftp://example.org'",
        "f.toml:10: encoding: unknown encoding 'klingon'",
        "f.toml:1: title: is required",
    ]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ('title = ""\n', "title: must be a non-empty string, not ''"),
        ("title = 3\n", "title: must be a non-empty string, not 3"),
        ('title = "T"\nreader = 3\n', "reader: must be a string, not 3"),
        ('title = "T"\nlimit = 2.5\n', "limit: must be a whole number, not 2.5"),
        ('title = "T"\nratio = "half"\n', "ratio: must be a number, not str"),
        ('title = "T"\nkinds = "a"\n', "kinds: must be a list of names from: a, b, c"),
        ('title = "T"\npages = 4\n', "pages: must be a table"),
    ],
)
def test_a_wrong_value_names_its_key_and_what_it_must_be(raw, problem):
    _, problems = check(raw)
    assert [p.split(": ", 1)[1] for p in problems] == [problem]


def test_named_tables_and_weights():
    schema = {
        "sections": Tables(schema={"title": Text(), "terms": Weights(default={})}, example="[sections.NAME]")
    }
    values, problems = check(
        '[sections.trade]\ntitle = "Trade"\n[sections.trade.terms]\n"Export*" = 2\n', schema
    )
    assert problems == []
    assert values == {"sections": {"trade": {"title": "Trade", "terms": {"export*": 2.0}}}}
    _, problems = check("sections = {}\n", schema)
    assert problems == ["f.toml:1: sections: must define at least one [sections.NAME] table"]
    _, problems = check("[sections.trade]\nterms = { tariff = true }\n", schema)
    assert problems == [
        "f.toml:2: sections.trade.terms.tariff: must be a number, not bool",
        "f.toml:1: sections.trade.title: is required",
    ]


@pytest.mark.parametrize("name", ["rot13", "base64", "zlib", "hex", "undefined"])
def test_codecs_that_are_not_text_encodings_are_refused(name: str) -> None:
    assert encoding_problem(name) == f"{name!r} is not a text encoding (try utf-8, latin-1 or cp1252)"


@pytest.mark.parametrize("name", ["utf-8", "utf-16", "latin-1", "cp1252", "utf-8-sig"])
def test_text_encodings_are_accepted(name: str) -> None:
    assert encoding_problem(name) is None
