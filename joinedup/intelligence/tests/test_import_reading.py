"""Reading CSV text: line numbers, quoted fields, blank lines and ragged rows, on small files."""

from __future__ import annotations

import pytest

from joinedup.intelligence.importing.reading import LINE, Problems, read_csv


def _read(text: str):
    problems = Problems("test.csv")
    return read_csv(text.encode(), problems), problems


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_quoted_commas_and_line_breaks_keep_their_rows_and_line_numbers(newline):
    text = newline.join(["a,b,c", '1,"x, y",3', "", '4,"two', 'lines",6', '7,"say ""hi""",9', ""])
    frame, problems = _read(text)

    assert not problems.errors
    assert frame["b"].to_list() == ["x, y", f"two{newline}lines", 'say "hi"']
    assert frame[LINE].to_list() == [2, 4, 6]
    assert frame["c"].to_list() == ["3", "6", "9"]  # no stray carriage return


def test_a_row_with_too_many_fields_names_its_line_even_with_quotes_about():
    frame, problems = _read('a,b\n"1,2",3\n4,5,6\n7,8\n')
    assert frame is None
    assert [str(p) for p in problems.errors.values()] == [
        "Line 3: This row has a different number of fields from the header."
    ]


def test_a_quote_left_open_at_the_end_is_a_cut_short_file():
    frame, problems = _read('a,b,c\n1,2,3\n4,"unfinished')
    assert frame is None and "cut short" in str(next(iter(problems.errors.values())))


def test_an_empty_file_and_a_header_alone():
    assert "empty" in str(next(iter(_read("")[1].errors.values())))
    frame, problems = _read("a,b\n")
    assert frame.height == 0 and not problems.errors
