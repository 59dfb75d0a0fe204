"""JSON items with their lines, whatever the layout: array, JSON Lines, document, wrapped list."""

from __future__ import annotations

import io
import textwrap

from kg.model import Failed
from kg.sources.json_items import iter_json


def _items(text: str, within: tuple[str, ...] = ()) -> list:
    return list(iter_json(io.StringIO(textwrap.dedent(text).lstrip("\n")), "t.json", within))


def test_array_elements_carry_the_line_they_start_on():
    assert _items("""
        [
          {"a": 1},

          {"a": 2,
           "b": 3}
        ]
    """) == [(2, {"a": 1}), (4, {"a": 2, "b": 3})]


def test_json_lines_skip_blank_lines_and_fail_line_by_line():
    items = _items('{"a": 1}\n\n{"a": \n{"a": 3}\n')
    assert items[0] == (1, {"a": 1}) and items[2] == (4, {"a": 3})
    assert isinstance(items[1], Failed) and items[1].line == 3


def test_a_pretty_printed_document_is_one_item():
    assert _items('{\n  "a": [1,\n 2]\n}\n') == [(1, {"a": [1, 2]})]


def test_a_wrapped_list_yields_its_elements_with_their_own_lines():
    text = """
        {"meta": {"count": 2, "note": "a \\"results\\" key in text"},
         "results": [
           {"id": 1},
           {"id": 2}
         ]}
    """
    assert _items(text, ("results",)) == [(3, {"id": 1}), (4, {"id": 2})]


def test_a_nested_path_stops_where_the_keys_stop():
    work = '{"status": "ok", "message": {"DOI": "10.1/x"}}'
    page = '{"status": "ok", "message": {"total": 1, "items": [{"DOI": "10.1/y"}]}}'
    assert _items(work, ("message", "items")) == [(1, {"DOI": "10.1/x"})]
    assert _items(page, ("message", "items")) == [(1, {"DOI": "10.1/y"})]
    assert _items('{"other": 1}', ("message", "items")) == [(1, {"other": 1})]


def test_json_lines_of_pages_give_every_element_the_page_line():
    text = '{"results": [{"id": 1}, {"id": 2}]}\n{"results": [{"id": 3}]}\n'
    assert _items(text, ("results",)) == [(1, {"id": 1}), (1, {"id": 2}), (2, {"id": 3})]


def test_syntax_errors_end_a_document_at_their_line():
    broken = _items('[\n {"a": 1},\n {"a": 2\n]\n')
    assert broken[0] == (2, {"a": 1}) and isinstance(broken[1], Failed) and broken[1].line == 4
    extra = _items('{\n"a": 1\n}\n}\n')
    assert len(extra) == 1 and isinstance(extra[0], Failed) and "extra data" in extra[0].reason
