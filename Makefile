# evmon — two commands on a fresh Debian machine:
#   make demo   installs what is missing, builds, runs evmon on the embedded demo broker
#   make test   installs what is missing, builds, runs every test
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

SWIFT ?= swift
# Debian packages the build and the tests need; installed only when missing.
DEBIAN_PACKAGES := git make libncursesw5-dev tmux libjq-dev libonig-dev
BIN_DIR = $(shell $(SWIFT) build --show-bin-path)

.PHONY: deps build test demo bench clean

deps:
	@command -v $(SWIFT) >/dev/null || { echo "make: swift is not on PATH (this project needs Swift 6.1 or newer)"; exit 1; }
	@missing=""; for package in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	EVMON_BIN="$(BIN_DIR)/evmon" $(SWIFT) test

# The TUI on the embedded demo broker (q quits, ? shows every key).
demo: build
	"$(BIN_DIR)/evmon" demo

# Release-build benchmarks; each runs in a process of its own so memory figures start clean.
bench: deps
	$(SWIFT) build -c release --product evmon-bench
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" ingest
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" ingest-memory
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" format
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" render
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" keypress
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" watches

clean:
	rm -rf .build
