"""`extract --format json` written one record at a time: the same text as the whole object."""

from __future__ import annotations

import json

from briefgen import console, serialize
from briefgen.analysis import analyse
from tests.conftest import SEEDS


def streamed(parts, capsys) -> str:
    console.stream_json(parts)
    return capsys.readouterr().out


def test_a_streamed_object_is_the_text_print_json_prints(capsys):
    data = {
        "sources": [
            {"id": "a", "title": "Ünïcode “quoted”", "tags": []},
            {"id": "b", "nested": {"x": [1, 2]}},
        ],
        "quotes": [],
        "people": [{"name": "N. Okafor", "roles": ["minister"], "sources": ["a"]}],
    }
    text = streamed(((key, iter(value)) for key, value in data.items()), capsys)
    console.print_json(data)
    assert text == capsys.readouterr().out
    assert json.loads(text) == data


def test_an_empty_object_streams_as_json_too(capsys):
    text = streamed([], capsys)
    console.print_json({})
    assert text == capsys.readouterr().out


def test_the_seeds_catalog_streams_as_the_whole_record(capsys):
    analysis = analyse([SEEDS])
    console.stream_json(serialize.catalog_records(analysis))
    text = capsys.readouterr().out
    console.print_json(serialize.catalog_record(analysis))
    assert text == capsys.readouterr().out
