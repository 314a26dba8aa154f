# The two commands a newcomer needs: `make dev` runs the whole system,
# `make test` proves it. Both make sure PostgreSQL runs first.
GO ?= go
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/haoban?sslmode=disable
export DATABASE_URL

.PHONY: dev test build bench vet postgres chromium ocr pdf clean-dev

dev: build postgres ocr pdf
	./bin/haoban-dev

test: postgres chromium ocr pdf vet
	$(GO) test -count=1 -timeout 30m ./...

# bin/haoban is the production binary (no Temporal server inside);
# bin/haoban-dev runs everything in one process for `make dev`.
build:
	$(GO) build -o bin/haoban ./cmd/haoban
	$(GO) build -o bin/haoban-dev ./cmd/haoban-dev

vet:
	$(GO) vet ./...

# Throughput of the full system against a bare Temporal workflow with the
# same activities and updates, on the same server; prints both and the ratio.
bench: postgres
	$(GO) test ./e2e -run '^$$' -bench Throughput -benchtime 60x -count 1

postgres:
	scripts/ensure-postgres.sh

# Scans of ID cards and licences are read by Debian's tesseract (chi_sim).
ocr:
	scripts/ensure-ocr.sh

# Sealed documents are drawn with Debian's LXGW WenKai TTF; the tests check
# their PDF signatures with poppler's pdfsig.
pdf:
	scripts/ensure-pdf.sh

# The browser tests drive Debian's Chromium headless.
chromium:
	scripts/ensure-chromium.sh

# Forget the dev Temporal state (cases in PostgreSQL stay; drop the database too for a clean slate).
clean-dev:
	rm -rf .data
