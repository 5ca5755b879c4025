# tracing-lab — see README.md. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# Node 24 and helm are provisioned into .tools/ (scripts/provision-tools.sh) and put first on PATH.
TOOLS := $(CURDIR)/.tools
export PATH := $(TOOLS)/node/bin:$(TOOLS)/bin:$(PATH)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package.json package-lock.json services/*/package.json cdk8s/package.json | .tools/node/bin/node
	npm ci --no-audit --no-fund

.tools/node/bin/node:
	scripts/provision-tools.sh

.PHONY: tools
tools: ## Provision Node 24 and helm into .tools/ (cached)
	scripts/provision-tools.sh --helm

.PHONY: build-ts
build-ts: node_modules/.package-lock.json ## Compile the TypeScript services (CommonJS, into dist/)
	npm run build

.PHONY: synth
synth: build-ts ## Install dependencies if needed, build the services and synthesize charts/lab
	npm run synth --if-present -w @tracing-lab/cdk8s

.PHONY: test
test: tools build-ts ## Run every test (services, chart, end to end)
	npx vitest run

.PHONY: demo
demo: tools build-ts ## Run the lab on this laptop: Tempo stand-in + both services, print waterfalls (Ctrl-C stops)
	scripts/demo.sh

.PHONY: bench
bench: tools build-ts ## Measure what tracing costs (writes docs/benchmarks.md and a JSON file)
	scripts/bench.sh
