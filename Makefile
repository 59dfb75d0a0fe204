# Two commands do all set-up on a fresh machine:
#   make demo   builds the bundled example listing into exports/
#   make test   runs the whole test suite (what .ci/run runs)

PYTHON ?= python3
VENV := .venv
KG := $(VENV)/bin/kg

.PHONY: demo test browser neo4j

$(KG): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(KG)

demo: $(KG)
	$(KG) demo --out exports

# Debian's Chromium for the viewer tests; without root they skip (unless KG_REQUIRE_BROWSER=1).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || true

# Neo4j Community jars (and cypher-shell) from Maven Central into ~/.cache/kg, once; without
# Java 17+ and Maven the Neo4j tests skip (unless KG_REQUIRE_NEO4J=1).
neo4j: $(KG)
	-@$(KG) neo4j fetch --shell

test: $(KG) browser neo4j
	$(VENV)/bin/pytest -n 2 --dist loadgroup
