# Two commands do all set-up on a fresh machine:
#   make demo   builds the bundled example listing into exports/
#   make test   runs the whole test suite (what .ci/run runs)

PYTHON ?= python3
VENV := .venv
KG := $(VENV)/bin/kg

.PHONY: demo test browser

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

test: $(KG) browser
	$(VENV)/bin/pytest -n 2 --dist loadgroup
