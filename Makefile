# Omzien: `make run` starts everything, `make test` runs the test suite (see README.md).
# Both create .venv, install requirements-dev.txt when it changed, and provide
# PostgreSQL and Redis (scripts/services.py) before doing their work.

VENV := .venv
PY := $(VENV)/bin/python
# Touched after a successful install; make reinstalls when a requirements file is newer.
STAMP := $(VENV)/.installed-requirements
ARGS ?=

.PHONY: run test test-fast bench loadtest lint manage demo-code install

run: $(STAMP)
	$(PY) scripts/dev.py run

test: $(STAMP)
	$(PY) scripts/dev.py test $(ARGS)

# The suite without the slow tests: no headless browser, no real Celery worker, no gunicorn or pg_dump, no
# fuzzing (see tests/conftest.py and the slow marker in pyproject.toml).
test-fast: $(STAMP)
	$(PY) scripts/dev.py test -m "not browser and not worker and not slow" $(ARGS)

bench: $(STAMP)
	$(PY) scripts/dev.py bench $(ARGS)

# A rush of visitors: the public pages under gunicorn (4 workers) against a bare view, in requests per second and
# p95 (scripts/loadtest.py; the bench's database and data). E.g. make loadtest ARGS="--duration 10 --concurrency 16"
loadtest: $(STAMP)
	$(PY) scripts/dev.py loadtest $(ARGS)

# Any manage.py command with the same services, e.g. make manage ARGS="createsuperuser"
manage: $(STAMP)
	$(PY) scripts/dev.py manage $(ARGS)

# The code of this moment for a demo user's second step (demo mode only), e.g.
# make demo-code DEMO_USER=beheerder@omzien.demo (default: medewerker@omzien.demo).
DEMO_USER ?=
demo-code: $(STAMP)
	@$(PY) scripts/dev.py manage demo_code $(DEMO_USER)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

install: $(STAMP)

# Python 3.11: python3.11, or python3 if that is 3.11.
$(PY):
	@py=$$(command -v python3.11 || true); \
	if [ -z "$$py" ] && python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then py=python3; fi; \
	if [ -z "$$py" ]; then echo "Python 3.11 is needed (python3.11, or python3 being 3.11)." >&2; exit 1; fi; \
	echo "$$py -m venv $(VENV)"; \
	$$py -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create $(VENV). On Debian: sudo apt-get install python3-venv" >&2; exit 1; }

$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	@# psycopg2 is built from source: it needs pg_config and a C compiler.
	@command -v pg_config >/dev/null || echo "Note: psycopg2 is built from source; if this fails, on Debian: sudo apt-get install libpq-dev gcc python3-dev" >&2
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $(STAMP)
