"""The public API is deliberate: this list changes only on purpose."""

import kg


def test_public_names_are_pinned():
    assert kg.__all__ == [
        "EXAMPLE", "ExportError", "InputError", "KGError", "QueryError", "StoreError",
        "UnknownFormatError", "Workspace", "build", "build_graph", "export", "ingest", "load_graph",
    ]


def test_every_public_name_resolves():
    for name in kg.__all__:
        assert getattr(kg, name) is not None


def test_unknown_names_raise_attribute_error():
    try:
        kg.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
