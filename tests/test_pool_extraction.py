"""Extraction over the worker pool: the same extractions, in the documents' order, with the
cache read for what it holds and written for what it lacked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from briefgen.build.cache import ExtractionCache
from briefgen.build.produce import POOL_FROM, in_pool
from briefgen.extract import extract_document
from briefgen.sources import load_corpus


def corpus_of(folder: Path, count: int):
    folder.mkdir()
    for n in range(count):
        (folder / f"note_{n:03d}.txt").write_text(
            f"Harbour report {n}\n\n"
            f'"We moved {n + 3} thousand tonnes this spring," said Mara Lind, the port director.\n'
            f"The ferry line carried {n * 7 + 11} passengers a day in 2024.\n",
            encoding="utf-8",
        )
    return load_corpus([folder]).documents


def test_the_pool_gives_each_documents_extraction_in_order(tmp_path):
    documents = corpus_of(tmp_path / "notes", POOL_FROM + 6)
    pooled = in_pool(2, extract_document, documents)
    assert pooled == [extract_document(document) for document in documents]
    assert [e.facts[0].source for e in pooled] == [d.id for d in documents]


def test_the_cache_sends_only_what_it_lacks_to_the_pool_and_keeps_the_order(tmp_path):
    documents = corpus_of(tmp_path / "notes", POOL_FROM + 6)
    cache = ExtractionCache(tmp_path / "cache", extract_document)
    warm = documents[::3]
    cache.extract_all(warm)
    sent: list[str] = []

    def pool(extract, batch):
        sent.extend(d.id for d in batch)
        return in_pool(2, extract, batch)

    found = cache.extract_all(documents, mapper=pool)
    assert sent == [d.id for d in documents if d not in warm]
    assert found == [extract_document(document) for document in documents]
    assert (cache.hits, cache.misses) == (len(warm), len(warm) + len(sent))
    assert cache.extract_all(documents, mapper=pool) == found and len(sent) == len(documents) - len(warm)


def test_the_extractors_load_only_when_a_document_is_extracted(tmp_path):
    """A build whose extractions all come from the cache never compiles the extractors."""
    folder = tmp_path / "notes"
    corpus_of(folder, 1)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "import briefgen.cli, briefgen.build.produce, briefgen.analysis\n"
        "from briefgen.extract import extract_document\n"
        "from briefgen.sources import load_corpus\n"
        "extractors = ('acronyms', 'facts', 'people', 'quotes')\n"
        "print(sorted(n for n in extractors if f'briefgen.extract.{n}' in sys.modules))\n"
        f"extract_document(load_corpus([Path({str(folder)!r})]).documents[0])\n"
        "print(sorted(n for n in extractors if f'briefgen.extract.{n}' in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "['acronyms', 'facts', 'people', 'quotes']"]
