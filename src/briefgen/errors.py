"""Errors a user can act on. Each carries the exit code documented in the README."""

from __future__ import annotations

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_LOCKED = 3


class BriefgenError(Exception):
    """An error reported as one line per problem, without a traceback unless --debug."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, *lines: str) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[type[BriefgenError], tuple[str, ...]]:
        # Errors cross process boundaries in parallel builds: rebuild from the lines.
        return (type(self), self.lines)


class InputError(BriefgenError):
    """A source, sidecar, profile or option that cannot be used (exit 2)."""

    exit_code = EXIT_BAD_INPUT


class ConfigError(InputError):
    """One or more configuration problems, all reported together (exit 2)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(*self.problems)

    def __reduce__(self) -> tuple[type[ConfigError], tuple[list[str]]]:  # type: ignore[override]
        return (type(self), (list(self.problems),))


class CheckFailed(BriefgenError):
    """A promise was broken: a misquote, a broken template, stale reports (exit 1)."""

    exit_code = EXIT_CHECK_FAILED


class LockHeld(BriefgenError):
    """Another build holds the lock (exit 3)."""

    exit_code = EXIT_LOCKED
