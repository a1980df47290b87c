# Two commands set everything up on a fresh machine (python3 3.11+, git, make):
#   make run    environment + demo database (first run) + dashboard at http://localhost:8501
#   make test   environment + the whole test suite
SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
PY := .venv/bin/python
# The interpreter the environment is made with (3.11 to 3.13): `make run PYTHON=python3.11` on Ubuntu 22.04
PYTHON ?= python3
DB := $(or $(COMMUNE_DB),data/communes.duckdb)
PORT ?= 8501
export UV_PYTHON_DOWNLOADS := never
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false

.PHONY: run test env db demo chromium bench loadtest lint clean

run: env chromium db
	$(PY) -m streamlit run app.py --server.headless true --server.port $(PORT)

test: env chromium lint
	$(PY) -m pytest -n 2 --dist loadfile

# ruff: lint and import order (configured in pyproject.toml); part of `make test`.
lint: env
	$(PY) -m ruff check .

env: .venv/.synced

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

# --compile-bytecode: the packages' .pyc files are written once here. Without them every command compiles
# polars', DuckDB's and NumPy's Python sources again wherever .pyc files are not written (PYTHONDONTWRITEBYTECODE,
# as in CI images and containers): 0.6 s more of each `python -m etl` command and each app start.
.venv/.synced: pyproject.toml uv.lock Makefile | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

# The demo database is built on first run only; `make demo` rebuilds it.
db: env
	@test -f "$(DB)" || $(PY) -m etl demo --db "$(DB)"

demo: env
	$(PY) -m etl demo --db "$(DB)"

# Debian's chromium is what chart export (kaleido) and the browser tests drive; DejaVu Sans
# (fonts-dejavu-core) is the TrueType font with Vietnamese letters that the PDF exports embed.
# Installed when missing and we are root; otherwise the app says which export needs them.
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || [ ! -f "$(DEJAVU)" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian chromium and fonts (chart export, PDF, browser tests)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation fonts-noto-color-emoji fonts-dejavu-core >/dev/null; \
	  else echo "chromium or fonts-dejavu-core missing and cannot install them: chart export, PDF and browser tests may be skipped"; fi; \
	fi

# Not part of `make test`: builds the national data set (artifacts/bench/), measures for several
# minutes (under 15) and rewrites BENCHMARKS.md.
bench: env
	$(PY) -m bench.run

# Not part of `make test` either: 10 browser sessions on one server for 2 minutes while a load and its
# rollback swap the national database (built by `make bench`); writes its own section of BENCHMARKS.md.
loadtest: env chromium
	$(PY) -m bench.bench_concurrency --write BENCHMARKS.md

clean:
	rm -rf .venv .tools .pytest_cache artifacts
