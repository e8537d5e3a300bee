"""Reading a CSV file into a Polars frame of text columns, with the line each row came from.

Problems are collected rather than raised one at a time, so a summary can list every line that is
wrong: `errors` stop the file loading (nothing of it is kept), `warnings` are kept with the rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from joinedup.core.errors import ApplicationError

LINE = "_line"  # the frame column holding each row's line number in the file
_SHOWN_LINES = 10  # lines named in a message; the rest are counted
_KEPT_LINES = 5000  # lines kept per problem in the stored summary


@dataclass
class Problem:
    message: str
    lines: list[int] = field(default_factory=list)
    count: int = 0

    def __str__(self) -> str:
        return problem_text(message=self.message, lines=self.lines, count=self.count)

    def as_dict(self) -> dict:
        return {"message": self.message, "lines": self.lines[:_KEPT_LINES], "count": self.count}


def problem_text(*, message: str, lines: Sequence[int], count: int) -> str:
    """ "Lines 4, 9 and 2 more: message", naming the first few lines a problem applies to."""
    if not count or not lines:
        return message
    shown = ", ".join(str(n) for n in lines[:_SHOWN_LINES])
    more = f" and {count - _SHOWN_LINES:,} more" if count > _SHOWN_LINES else ""
    return f"{'Line' if count == 1 else 'Lines'} {shown}{more}: {message}"


class Problems:
    """Errors and warnings of one file, each message listed once with the lines it applies to."""

    def __init__(self, name: str):
        self.name = name
        self.errors: dict[str, Problem] = {}
        self.warnings: dict[str, Problem] = {}

    def error(self, message: str, lines: Iterable[int] = ()) -> None:
        self._add(self.errors, message, lines)

    def warn(self, message: str, lines: Iterable[int] = ()) -> None:
        self._add(self.warnings, message, lines)

    def error_where(self, frame: pl.DataFrame, condition: pl.Expr, message: str) -> None:
        """An error on each row where `condition` holds (none if it holds nowhere)."""
        lines = frame.filter(condition)[LINE].to_list()
        if lines:
            self.error(message, lines)

    def warn_where(self, frame: pl.DataFrame, condition: pl.Expr, message: str) -> None:
        lines = frame.filter(condition)[LINE].to_list()
        if lines:
            self.warn(message, lines)

    @staticmethod
    def _add(into: dict[str, Problem], message: str, lines: Iterable[int]) -> None:
        lines = list(lines)
        problem = into.setdefault(message, Problem(message))
        problem.lines.extend(lines)
        problem.count += len(lines)

    def check(self) -> None:
        """Raise the file's errors, if any, as one ApplicationError naming the file."""
        if self.errors:
            listed = [str(p) for p in self.errors.values()]
            raise ApplicationError(
                f"{self.name} was not imported: {listed[0]}"
                + (f" (and {len(listed) - 1} more problems)" if len(listed) > 1 else ""),
                field="file",
                extra={"problems": listed},
            )

    def warning_list(self) -> list[dict]:
        return [p.as_dict() for p in self.warnings.values()]


def decode(data: bytes, problems: Problems) -> bytes:
    """The file as UTF-8 bytes without a byte-order mark, or an error saying what it is instead."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.warn("The file is UTF-16 text (as Excel saves 'Unicode text'); it was read as such.")
        return data.decode("utf-16").encode("utf-8")
    if b"\x00" in data[:65536]:
        problems.error("This is not a CSV text file (it holds binary data). Save it as CSV (UTF-8).")
        return b""
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        problems.error("Not UTF-8 text, nor Windows-1252. Save the file as CSV (UTF-8).", [line])
        return b""
    problems.warn(
        "Not UTF-8 text: read as Windows-1252 (as older Excel saves CSV). Check accented letters.", [line]
    )
    return text.encode("utf-8")


_SPACES = re.compile(r"\s+")


def column_key(name: str) -> str:
    """Header names compare ignoring case, surrounding spaces and repeated spaces."""
    return _SPACES.sub(" ", name.strip()).casefold()


def read_csv(data: bytes, problems: Problems) -> pl.DataFrame | None:
    """Every column as text ("" for empty), plus LINE; None (with errors recorded) if unreadable.

    A row with too few or too many fields is an error naming its line, and a last line without its
    end and with fields missing is reported as a cut-short file: police.uk files always end whole.
    """
    data = decode(data, problems)
    if problems.errors:
        return None
    if not data.strip():
        problems.error("The file is empty.")
        return None
    return _read_fast(data, problems)


def _read_fast(data: bytes, problems: Problems) -> pl.DataFrame | None:
    """Polars reads the rows; NumPy finds where each record starts and counts its fields.

    A comma or line break between an odd number of quotes is inside a quoted field, so records
    and fields are found from the positions of the three characters alone, without a Python loop.
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(raw == ord("\n"))
    commas = np.flatnonzero(raw == ord(","))
    quotes = np.flatnonzero(raw == ord('"'))
    if len(quotes) % 2:  # a quote left open: let the csv module say where
        return _read_quoted(data, problems)
    ends = newlines
    if len(quotes):
        ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
        commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
    if not data.endswith(b"\n"):
        ends = np.append(ends, len(data))
    starts = np.concatenate(([0], ends[:-1] + 1))
    lines = 1 + np.searchsorted(newlines, starts)  # the line each record starts on
    fields = np.bincount(np.searchsorted(ends, commas, side="left"), minlength=len(ends)) + 1
    # Blank lines (empty, or just the CR of a CRLF) are skipped, as spreadsheet programs do.
    lengths = ends - starts
    blank = (lengths == 0) | ((lengths == 1) & (raw[np.minimum(starts, len(raw) - 1)] == ord("\r")))
    wrong = np.flatnonzero((fields != fields[0]) & ~blank)
    if len(wrong):
        _ragged(problems, lines[wrong].tolist(), cut_short=not data.endswith(b"\n"), last=int(lines[-1]))
        return None
    frame = pl.read_csv(
        data,
        infer_schema=False,
        empty_string_is_null=False,
        truncate_ragged_lines=False,
        raise_if_empty=False,
    )
    if frame.width != fields[0]:
        problems.error(f"The header has {frame.width} columns but the rows have {fields[0]}.", [1])
        return None
    if frame.height != len(ends) - 1:  # Polars saw the records differently: take the careful path
        return _read_quoted(data, problems)
    frame = frame.with_columns(pl.Series(LINE, lines[1:], dtype=pl.Int64))
    if blank[1:].any():
        frame = frame.filter(~pl.Series(blank[1:]))
    return frame


def _read_quoted(data: bytes, problems: Problems) -> pl.DataFrame | None:
    """The careful, slow path for what the fast one cannot place: the csv module, record by record."""
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.error("The file is empty.")
        return None
    rows: list[list[str]] = []
    lines: list[int] = []
    wrong: list[int] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            if record and any(record):
                if len(record) != len(header):
                    wrong.append(start)
                else:
                    rows.append(record)
                    lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        problems.error(f"The file is not valid CSV ({error}).", [start])
        return None
    if wrong:
        _ragged(problems, wrong, cut_short=not data.rstrip(b" ").endswith(b"\n"), last=start - 1)
        return None
    names = _unique_names(header)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    frame = pl.DataFrame(
        {name: pl.Series(name, column, dtype=pl.String) for name, column in zip(names, columns, strict=True)}
    )
    return frame.with_columns(pl.Series(LINE, lines, dtype=pl.Int64))


def _ragged(problems: Problems, lines: Sequence[int], *, cut_short: bool, last: int) -> None:
    if cut_short and lines[-1] == last:
        problems.error(
            "The file ends part-way through this line: it looks cut short. Download it again.", [last]
        )
        lines = lines[:-1]
    if lines:
        problems.error("This row has a different number of fields from the header.", lines)


def _unique_names(header: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names


@dataclass(frozen=True)
class Column:
    """A column the store knows: its name in the file, and the store field it fills."""

    header: str
    field: str
    max_length: int | None = None


def match_columns(
    frame: pl.DataFrame, columns: Sequence[Column], problems: Problems, *, what: str
) -> tuple[dict[str, str], list[str]]:
    """{field: the frame's column} for the known columns, and the frame's other columns.

    Missing columns are an error listing each, and what the file has instead, since a renamed
    column ("Crime Category" for "Crime type") is the usual cause.
    """
    by_key = {column_key(name): name for name in frame.columns if name != LINE}
    found: dict[str, str] = {}
    missing = []
    for column in columns:
        name = by_key.get(column_key(column.header))
        if name is None:
            missing.append(column.header)
        else:
            found[column.field] = name
    others = [name for name in frame.columns if name != LINE and name not in found.values()]
    if missing:
        problems.error(
            f"This {what} file has no column {_and(missing)}"
            + (f"; its other columns are {_and(others)}" if others else "")
            + ". Check the header has not been renamed.",
            [1],
        )
    return found, others


def _and(names: Sequence[str]) -> str:
    quoted = [f'"{n}"' for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def extra_json(frame: pl.DataFrame, columns: Sequence[str]) -> pl.Expr:
    """The columns the store has no field for, as one JSON object per row, so nothing is lost."""
    if not columns:
        return pl.lit("{}")
    return pl.struct([pl.col(c) for c in columns]).struct.json_encode()


def too_long(
    frame: pl.DataFrame, mapped: dict[str, str], lengths: dict[str, int], problems: Problems
) -> None:
    for field_name, column in mapped.items():
        limit = lengths.get(field_name)
        if limit:
            problems.error_where(
                frame,
                pl.col(column).str.len_chars() > limit,
                f'"{column}" is longer than {limit} characters.',
            )
