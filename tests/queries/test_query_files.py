"""The query files themselves: where kg finds them, and the header every pair shares."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.queries import Parameter, _parse_header, named_queries

TOP_LEVEL = Path(__file__).resolve().parents[2] / "queries"


def test_the_package_reads_the_top_level_folder():
    packaged = resources.files("kg").joinpath("data/queries")
    shipped = {entry.name: entry.read_text(encoding="utf-8") for entry in packaged.iterdir()}
    assert shipped == {path.name: path.read_text(encoding="utf-8") for path in TOP_LEVEL.iterdir()}


def test_every_question_comes_in_both_languages():
    stems = {path.stem for path in TOP_LEVEL.iterdir()}
    for suffix in (".rq", ".cypher"):
        assert {path.stem for path in TOP_LEVEL.glob(f"*{suffix}")} == stems


@pytest.mark.parametrize("query", named_queries().values(), ids=lambda q: q.name)
def test_headers_say_what_and_with_which_defaults(query):
    assert query.answers[0].isupper() and query.answers.endswith(".") and ": " in query.answers
    for parameter in query.parameters:
        assert parameter.description and isinstance(parameter.default, (str, int))
        assert f"${parameter.name}" in query.cypher
        if parameter.name != "limit":
            assert f"?{parameter.name}" in query.sparql.split("SELECT", 1)[1].split("WHERE", 1)[0]
        if parameter.default == "":
            assert "(\"\" = " in parameter.description, "an empty default must state its rule"


def test_header_grammar():
    text = '# What it answers.\n#\n# Parameters:\n#   method = ""  the method ("" = the most used)\n' \
           '#   limit = 5  how many\n#\n# Strategy: breadth-first\nSELECT * WHERE {}\n'
    answers, parameters, strategy = _parse_header("q", "rq", text)
    assert answers == "What it answers."
    assert parameters == (Parameter("method", "", 'the method ("" = the most used)'), Parameter("limit", 5, "how many"))
    assert strategy == "breadth-first"
    assert _parse_header("q", "cypher", "// Other.\n//\n// Parameters: none\nMATCH (n) RETURN n")[1:] == ((), "select")
    with pytest.raises(QueryError, match="q.rq: the first line"):
        _parse_header("q", "rq", "SELECT * WHERE {}")
    with pytest.raises(QueryError, match="unknown strategy 'magic'"):
        _parse_header("q", "rq", "# Q.\n# Strategy: magic\nSELECT * WHERE {}")


def test_doctests():
    import doctest

    import kg.queries

    results = doctest.testmod(kg.queries)
    assert results.attempted and not results.failed
