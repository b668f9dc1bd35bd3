"""What a build is asked for and what it reports back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("pdf", "docx", "html")
DEFAULT_FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class BuildRequest:
    sources: tuple[Path, ...]
    out: Path = Path("reports")
    audiences: tuple[str, ...] = ()
    formats: tuple[str, ...] = DEFAULT_FORMATS
    templates: Path | None = None
    settings_path: Path | None = None  # None: the default settings (the CLI finds the project's file)
    subject: str | None = None  # overrides the settings' subject
    reference_docx: Path | None = None
    encoding: str = "utf-8"
    max_bytes: int = 10 * 1024 * 1024
    source_date_epoch: str | None = None
    wait: float = 0.0
    jobs: int = 1
    state: Path | None = None  # the cache and locks; None: .briefgen/ beside the sources


@dataclass(frozen=True)
class Planned:
    """One output a build may write, with the digest of everything it depends on."""

    audience: str
    format: str
    path: Path
    digest: str
    # What the writer depends on besides the pack itself (render code, renderers, theme,
    # reference .docx): with the same pack, the same writer inputs give the same bytes.
    writer_digest: str = ""
    inputs: tuple[tuple[str, str], ...] = ()  # each input as the manifest records it
    names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # label -> a reader's name


@dataclass(frozen=True)
class Step:
    """What a build is doing, for a progress display: one audience's step (laying out,
    fitting the page budget, writing a format, written) or the whole build's (audience "")."""

    audience: str
    action: str
    detail: str = ""
    done: int = 0  # outputs made so far
    total: int = 0  # outputs this build makes

    def __str__(self) -> str:
        text = f"{self.action} {self.detail}".strip()
        return f"{self.audience}: {text}" if self.audience else text


@dataclass(frozen=True)
class Outcome:
    audience: str
    format: str
    path: Path
    status: str  # written, unchanged, stale, missing
    sha256: str = ""
    reason: str = ""  # why it was written, or is stale or missing: which input changed


@dataclass(frozen=True)
class BuildReport:
    outcomes: tuple[Outcome, ...]
    warnings: tuple[str, ...] = field(default=())

    def with_status(self, *statuses: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in statuses]
