# The two commands of the quick start. Everything else is in scripts/.
.PHONY: run test web

## Build the web UI and the server, then run OmniReach on http://127.0.0.1:8080 (SQLite, demo data).
run:
	@bash scripts/run.sh

## Run every test: Rust unit + integration (SQLite and PostgreSQL), web unit tests, browser end-to-end.
test:
	@bash scripts/test.sh

## Build only the web UI into web/dist.
web:
	@bash scripts/build-web.sh
