# tracing-lab — see README.md. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# Node 24 and helm are provisioned into .tools/ (scripts/provision-tools.sh) and put first on PATH.
# `make TOOLS=<dir>` on the command line points elsewhere (the Makefile tests do, so that their recording shims
# are found instead of the real helm); an environment variable TOOLS is deliberately not used.
TOOLS := $(CURDIR)/.tools
export PATH := $(TOOLS)/node/bin:$(TOOLS)/bin:$(PATH)

# The chart's defaults the targets rely on (CHART_* variables), written by `make synth` from the values model.
include $(dir $(lastword $(MAKEFILE_LIST)))chart-defaults.mk

# Overridable: make up CLUSTER=lab TAG=dev GRAFANA=0
CLUSTER ?= tracing-lab
NAMESPACE ?= monitoring
RELEASE ?= tracing-lab
TAG ?= latest
# The k3d flow creates its own empty cluster, so it installs Grafana unless GRAFANA=0 (the chart's own default,
# CHART_GRAFANA_ENABLED, leaves it out, because most clusters run one already). Every target that installs passes
# the choice explicitly, so a later `make install TAG=dev2` keeps Grafana instead of falling back to the chart default.
GRAFANA ?= 1
# SERVICE_GRAPH=1 turns the chart's serviceGraph on (Tempo's metrics-generator, a Prometheus, Grafana's service map)
# by passing the chart's generated values file: Helm cannot derive the Tempo keys it needs from one --set. Passed on
# every install, like GRAFANA, so a later install keeps the choice.
SERVICE_GRAPH ?= 0
# How long `make install` lets helm wait for the release to be ready (and for the PostSync check, when on): the first
# install pulls Tempo, Grafana, its sidecar (and Prometheus), which can take well over Helm's default 5m on a slow link.
TIMEOUT ?= 15m
ALLOW_CONTEXT ?=
export ALLOW_CONTEXT

CHART := charts/lab
# Every folder holding the repository's TypeScript (for the dependency checker, .dependency-cruiser.cjs).
TYPESCRIPT_ROOTS := services cdk8s test-support test e2e bench
K3D_CONFIG := k3d/cluster.yaml
KUBE_CONTEXT := k3d-$(CLUSTER)
IMAGES := log-service-with-otel:$(TAG) echo-service-with-otel:$(TAG)
REQUIRE := scripts/require-tool.sh
GRAFANA_ENABLED = $(if $(filter 0,$(GRAFANA)),false,true)

# The values file serviceGraph.enabled needs (written by `make synth` from the values model).
SERVICE_GRAPH_VALUES := $(CHART)/values-service-graph.yaml
SERVICE_GRAPH_ARGS = $(if $(filter 1,$(SERVICE_GRAPH)),-f $(SERVICE_GRAPH_VALUES))

ifeq ($(filter 0 1,$(GRAFANA)),)
$(error GRAFANA must be 0 or 1, got '$(GRAFANA)')
endif
ifeq ($(filter 0 1,$(SERVICE_GRAPH)),)
$(error SERVICE_GRAPH must be 0 or 1, got '$(SERVICE_GRAPH)')
endif

.PHONY: help
help: ## List the targets and variables
	@echo 'Targets:'
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'
	@echo 'Variables (make VAR=value):'
	@printf '  %-14s %s\n' \
	  'CLUSTER' 'k3d cluster name; kube context k3d-CLUSTER (now: $(CLUSTER))' \
	  'NAMESPACE' 'namespace of the release (now: $(NAMESPACE))' \
	  'RELEASE' 'Helm release name (now: $(RELEASE))' \
	  'TAG' 'tag of both images (now: $(TAG))' \
	  'GRAFANA' '1 (default) installs Grafana with the chart and port-forwards it; 0 leaves it out (now: $(GRAFANA))' \
	  'SERVICE_GRAPH' '1 installs with -f $(SERVICE_GRAPH_VALUES): Tempo metrics-generator, Prometheus, service map (now: $(SERVICE_GRAPH))' \
	  'TIMEOUT' 'how long install (and up) lets helm wait for the release to be ready, a Go duration (now: $(TIMEOUT))' \
	  'ALLOW_CONTEXT' '1 lets install/verify/port-forward use a kube context other than k3d-CLUSTER'

node_modules/.package-lock.json: package.json package-lock.json services/*/package.json cdk8s/package.json | .tools/node/bin/node
	npm ci --no-audit --no-fund

# Configuration C of the benchmark (the tutorials' setup) is its own npm project: its OpenTelemetry versions must not
# decide where npm places the services' dependencies (a package nested under a workspace is missing from the images).
BENCH_TUTORIAL := bench/tutorial/node_modules/.package-lock.json
$(BENCH_TUTORIAL): bench/tutorial/package.json bench/tutorial/package-lock.json | .tools/node/bin/node
	npm ci --prefix bench/tutorial --no-audit --no-fund

.tools/node/bin/node:
	scripts/provision-tools.sh

.PHONY: tools
tools: ## Provision Node 24, helm v4 and v3 (helm3), Prometheus, pod-security-check and the Tempo stand-in into .tools/ (cached)
	scripts/provision-tools.sh --helm

.PHONY: build-ts
build-ts: node_modules/.package-lock.json ## Compile the TypeScript services (CommonJS, into dist/)
	npm run build

.PHONY: synth
synth: build-ts ## Install dependencies if needed, build the services and synthesize charts/lab
	npm run synth --if-present -w @tracing-lab/cdk8s

.PHONY: test
test: tools build-ts $(BENCH_TUTORIAL) ## Run every test (services, chart, end to end)
	npx vitest run

.PHONY: demo
demo: tools build-ts ## Run the lab on this laptop: Tempo stand-in + both services, print waterfalls (Ctrl-C stops)
	scripts/demo.sh

.PHONY: bench
bench: tools build-ts $(BENCH_TUTORIAL) ## Measure what tracing costs (writes docs/benchmarks.md and a JSON file)
	scripts/bench.sh

# ---- k3d delivery: lint, images, cluster, install, verify ----------------------------------------------------

.PHONY: lint
lint: build-ts ## Typecheck all TypeScript, check its dependencies and the layers of cdk8s/src (dependency-cruiser) and `helm lint --strict` charts/lab (tells you if dependencies are missing)
	@$(REQUIRE) helm
	npx tsc -p cdk8s --noEmit
	npx tsc -p test/tsconfig.json
	npx depcruise --config .dependency-cruiser.cjs $(TYPESCRIPT_ROOTS)
	cd cdk8s && npx depcruise --config .dependency-cruiser.cjs src
	scripts/lint-chart.sh $(CHART)
	scripts/lint-chart.sh $(CHART) --set grafana.enabled=true --set traceCheck.postSync.enabled=true --set networkPolicy.enabled=true
	scripts/lint-chart.sh $(CHART) --set grafana.enabled=true -f $(SERVICE_GRAPH_VALUES)

.PHONY: build
build: ## Build both images from services/Dockerfile, tagged TAG: docker if its engine answers, else buildah (.tools/containers)
	scripts/build-images.sh --tag $(TAG)

.PHONY: doctor
doctor: ## Check this machine for the k3d path (docker engine, k3d, kubectl, helm, dependency charts), every problem at once
	@scripts/doctor.sh $(CHART)

.PHONY: cluster
cluster: ## Create the k3d cluster CLUSTER from k3d/cluster.yaml (nothing to do if it exists)
	@$(REQUIRE) docker k3d
	@clusters=$$(k3d cluster list --no-headers); \
	if printf '%s\n' "$$clusters" | awk -v name='$(CLUSTER)' '$$1 == name { found = 1 } END { exit !found }'; then \
	  echo "cluster: k3d cluster '$(CLUSTER)' exists"; \
	else \
	  echo 'k3d cluster create $(CLUSTER) --config $(K3D_CONFIG)'; \
	  k3d cluster create $(CLUSTER) --config $(K3D_CONFIG); \
	fi

.PHONY: import
import: ## Load both images into the k3d cluster (no registry needed)
	@$(REQUIRE) docker k3d
	k3d image import $(IMAGES) -c $(CLUSTER)

.PHONY: deps
deps: ## Put the chart dependencies (Tempo; Grafana; Prometheus) into charts/lab/charts/: nothing to do offline when they are there
	@$(REQUIRE) helm
	@scripts/chart-dependencies.sh $(CHART)

.PHONY: install
install: ## helm upgrade --install RELEASE into NAMESPACE on k3d-CLUSTER, images tagged TAG, waiting up to TIMEOUT (SERVICE_GRAPH=1: with the service graph)
	@$(REQUIRE) helm kubectl
	@scripts/require-context.sh $(KUBE_CONTEXT)
	helm upgrade --install $(RELEASE) ./$(CHART) -n $(NAMESPACE) --create-namespace --wait --timeout $(TIMEOUT) \
	  --set logService.image.tag=$(TAG) --set echoService.image.tag=$(TAG) --set grafana.enabled=$(GRAFANA_ENABLED) \
	  $(SERVICE_GRAPH_ARGS)

.PHONY: verify
verify: ## Run the chart's trace check (helm test), print the waterfall and where to open the trace
	@$(REQUIRE) helm kubectl
	@scripts/require-context.sh $(KUBE_CONTEXT)
	@log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	echo 'helm test $(RELEASE) -n $(NAMESPACE) --logs'; \
	helm test $(RELEASE) -n $(NAMESPACE) --logs | tee "$$log"; \
	scripts/trace-pointer.sh $(NAMESPACE) $(GRAFANA) $(CHART_DATASOURCE_UID) $(CHART_GRAFANA_SERVICE) <"$$log"

.PHONY: up
up: ## Everything, in order: cluster, build, import, deps, install, verify
	$(MAKE) --no-print-directory cluster
	$(MAKE) --no-print-directory build
	$(MAKE) --no-print-directory import
	$(MAKE) --no-print-directory deps
	$(MAKE) --no-print-directory install
	$(MAKE) --no-print-directory verify

.PHONY: down
down: ## Delete the k3d cluster CLUSTER (and everything in it)
	@$(REQUIRE) docker k3d
	k3d cluster delete $(CLUSTER)

.PHONY: port-forward
port-forward: ## Forward Tempo to localhost:3200 and Grafana to localhost:3000 (Tempo only with GRAFANA=0); Ctrl-C stops
	@$(REQUIRE) kubectl
	@scripts/require-context.sh $(KUBE_CONTEXT)
ifeq ($(GRAFANA),1)
	@echo 'Tempo: http://localhost:3200   Grafana: http://localhost:3000 (Ctrl-C stops)'
	trap 'kill $$(jobs -p) 2>/dev/null || true' EXIT; \
	kubectl -n $(NAMESPACE) port-forward svc/$(CHART_TEMPO_SERVICE) 3200:3200 & \
	kubectl -n $(NAMESPACE) port-forward svc/$(CHART_GRAFANA_SERVICE) 3000:80 & \
	wait -n
else
	@echo 'Tempo: http://localhost:3200 (Ctrl-C stops)'
	kubectl -n $(NAMESPACE) port-forward svc/$(CHART_TEMPO_SERVICE) 3200:3200
endif

.PHONY: clean
clean: ## Remove build outputs (dist/, *.tsbuildinfo); keeps node_modules, .tools and the dependency charts in charts/lab/charts
	find . \( -name node_modules -o -name .tools -o -name .git -o -path ./$(CHART)/charts \) -prune -o \
	  \( -type d -name dist -prune -o -type f -name '*.tsbuildinfo' \) -print0 | xargs -0 rm -rf
