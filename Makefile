# The two commands a newcomer needs: `make run` and `make test`.
# Both create the virtualenv in .venv and install requirements-dev.txt when needed.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000

# The first Python 3.13 or 3.12 that actually runs (a pyenv shim can exist without one).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3.12; do \
	if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo "$$p"; break; fi; done)

.PHONY: run serve test bench loadtest lint format messages check-messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "The IURC Portal needs Python 3.12 or newer, and neither python3.13 nor python3.12 was found."; \
		echo "Install one (Debian/Ubuntu: apt install python3.13 python3.13-venv; macOS: brew install python@3.13;"; \
		echo "or pyenv install 3.13), or name it: make run PYTHON=/path/to/python3.13"; \
		exit 1; \
	fi
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then rm -rf $(VENV); fi
	@[ -x $(PY) ] || { echo "Creating $(VENV) with $(PYTHON)"; "$(PYTHON)" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py local_admin
	@echo "Portal: http://$(HOST_PORT)/   Admin: http://$(HOST_PORT)/admin/"
	@# The task worker for background reports runs beside the server and stops with it.
	DEBUG=1 $(PY) manage.py task_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	DEBUG=1 $(PY) manage.py runserver $(HOST_PORT)

# Production settings on loopback, for a TLS proxy in front (see the README): DEBUG off,
# static files collected and served compressed and fingerprinted by WhiteNoise, JSON logs,
# gunicorn as iurc_portal/gunicorn.conf.py says, and the task worker beside it. SECRET_KEY
# comes from the environment or from .venv/secret_key, made once.
SERVE_ENV = DEBUG=0 LOG_FORMAT=json SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} \
	SECRET_KEY=$${SECRET_KEY:-$$(cat $(VENV)/secret_key)} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost}
serve: $(VENV)/.installed
	@[ -n "$$SECRET_KEY" ] || [ -s $(VENV)/secret_key ] || $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $(VENV)/secret_key
	$(SERVE_ENV) $(PY) manage.py migrate --no-input
	$(SERVE_ENV) $(PY) manage.py collectstatic --no-input -v0
	@echo "Portal: http://$${GUNICORN_BIND:-127.0.0.1:8000}/  (health: /healthz)"
	@# The task worker for background reports runs beside gunicorn and stops with it.
	$(SERVE_ENV) $(PY) manage.py task_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(SERVE_ENV) $(PY) -m gunicorn -c iurc_portal/gunicorn.conf.py iurc_portal.wsgi

test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks that print figures: the public pages under load, the admin's milestone list,
# then the reports' exports.
# They need PostgreSQL at $$BENCH_DATABASE_URL (a database they drop and recreate; default
# iurc_bench on 127.0.0.1), and wrk for the pages (apt-get install -y wrk).
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "bench needs wrk: apt-get install -y wrk"; exit 1; }
	$(PY) bench/public.py
	$(PY) bench/admin.py
	$(PY) bench/exports.py

# The load test (bench/loadtest.py): seeds the benchmark's data, serves it as `make serve`
# does and drives it with locust on loopback. Locust and what it pulls in are pinned in
# requirements-bench.txt, installed only here so that `make test` stays lean. PostgreSQL
# at $$BENCH_DATABASE_URL, as for bench; LOADTEST_ARGS passes options (--seconds 20).
$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	@touch $@

loadtest: $(VENV)/.bench-installed
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

PO := locale/bg/LC_MESSAGES/django.po
# Bulgarian for Django admin's own scripts where Django's catalogue lacks it, kept by hand
# (makemessages -d djangojs would read only our scripts).
JS_PO := locale/bg/LC_MESSAGES/djangojs.po
MAKEMESSAGES := $(PY) manage.py makemessages --locale bg --no-location --ignore '$(VENV)/*' --ignore 'tests/*' --ignore 'bench/*'

# Update the Bulgarian catalogue from the code and templates, then compile it.
messages: $(VENV)/.installed
	$(MAKEMESSAGES)
	$(PY) manage.py compilemessages --locale bg --ignore '$(VENV)/*'

# Fails when the .po file misses strings of the code, has untranslated or fuzzy
# entries, or the .mo file is not compiled from it. Changes no file.
check-messages: $(VENV)/.installed
	@tmp=$$(mktemp -d) && cp $(PO) $$tmp/django.po && \
	for po in $(PO) $(JS_PO); do \
		msgfmt --check -o $$tmp/compiled.mo $$po && cmp -s $$tmp/compiled.mo $${po%.po}.mo || \
		{ echo "$${po%.po}.mo is not compiled from $$po: run make messages"; exit 1; }; \
	done; \
	$(MAKEMESSAGES) >/dev/null; \
	diff -u -I '^"POT-Creation-Date:' $$tmp/django.po $(PO); status=$$?; cp $$tmp/django.po $(PO); \
	[ $$status -eq 0 ] || { echo "$(PO) is not current: run make messages"; exit 1; }; \
	untranslated=$$(msgattrib --untranslated --no-obsolete $(PO) | grep -c '^msgid ' || true); \
	fuzzy=$$(msgattrib --only-fuzzy --no-obsolete $(PO) | grep -c '^msgid ' || true); \
	[ "$${untranslated:-0}" -le 1 ] && [ "$${fuzzy:-0}" -eq 0 ] || { echo "$(PO): untranslated or fuzzy entries"; exit 1; }; \
	echo "$(PO) is current, complete and compiled."

clean:
	rm -rf $(VENV) staticfiles
