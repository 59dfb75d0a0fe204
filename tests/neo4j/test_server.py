"""The local server: its configuration, its checks for Java and Maven, and the running server itself."""

from __future__ import annotations

import os

import pytest

from kg.neo4j_server import NEO4J_VERSION, Neo4jUnavailableError, fetch_jars, java_command, write_config


pytestmark = pytest.mark.xdist_group("neo4j")


def settings(config_path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in config_path.read_text().splitlines())


def test_config_is_private_and_small(tmp_path):
    written = settings(write_config(tmp_path, bolt_port=7777))
    assert written["server.bolt.listen_address"] == "127.0.0.1:7777"
    assert written["server.default_listen_address"] == "127.0.0.1"
    assert written["dbms.security.auth_enabled"] == "false"
    assert written["dbms.usage_report.enabled"] == "false"
    assert written["server.http.enabled"] == "false" and "server.http.listen_address" not in written
    assert written["server.memory.heap.max_size"] == "512m"
    assert written["server.directories.import"] == str(tmp_path / "import")


def test_http_only_when_asked(tmp_path):
    written = settings(write_config(tmp_path, bolt_port=7777, http_port=8888))
    assert written["server.http.enabled"] == "true"
    assert written["server.http.listen_address"] == "127.0.0.1:8888"


def test_missing_java_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(Neo4jUnavailableError, match=r"Java 17\+ and Maven"):
        java_command()


def test_missing_maven_is_named_when_jars_are_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_NEO4J_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(Neo4jUnavailableError, match="no `mvn` found"):
        fetch_jars()


@pytest.mark.neo4j
def test_the_server_is_the_real_community_edition(neo4j):
    if neo4j.server is None:
        pytest.skip("NEO4J_URI points at an external server")
    components = neo4j.driver.execute_query("CALL dbms.components() YIELD versions, edition").records[0]
    assert components["versions"] == [NEO4J_VERSION] and components["edition"] == "community"
    shown = {r["name"]: r["value"] for r in neo4j.driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
        names=["server.bolt.listen_address", "dbms.usage_report.enabled", "server.http.enabled"]).records}
    assert shown["server.bolt.listen_address"].startswith("127.0.0.1:")
    assert shown["dbms.usage_report.enabled"] == "false" and shown["server.http.enabled"] == "false"
    assert neo4j.uri.startswith("bolt://127.0.0.1:")


@pytest.mark.neo4j
def test_jars_are_cached_outside_the_repository(neo4j):
    if neo4j.server is None:
        pytest.skip("NEO4J_URI points at an external server")
    root = fetch_jars()  # already there: returns at once, without Maven
    repository = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert not str(root.resolve()).startswith(repository)
    assert (root / "lib" / f"neo4j-{NEO4J_VERSION}.jar").exists()
