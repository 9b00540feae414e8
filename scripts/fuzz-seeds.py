#!/usr/bin/env python3
"""(Re)builds the fuzz seed corpora in Tests/EvmonFuzzTests/Corpus/ from real captures.

Usage:

    source /tmp/brokers/env        # or any Tansu/Kafka, redis-server and nats-server -js
    python3 scripts/fuzz-seeds.py [--evmon .build/debug/evmon] \\
        [--kafka HOST:PORT] [--redis HOST:PORT] [--nats HOST:PORT] [--keep] [--only TARGET,...]

Broker addresses default to $EVMON_TEST_KAFKA, $EVMON_TEST_REDIS and $EVMON_TEST_NATS; the
evmon binary to $EVMON_BIN, else .build/debug/evmon. Needs confluent-kafka, redis-py (>= 5)
and nats-py. Everything stays on loopback.

What it does:

1. Starts a recording TCP proxy (asyncio, 127.0.0.1 only) in front of each broker. The Kafka
   proxy forwards whole frames and rewrites the broker's advertised port inside Metadata and
   FindCoordinator answers (same length), so that clients keep talking through it; what it
   records is the broker's original bytes.
2. Writes data with the reference clients, through the proxies: Kafka (confluent-kafka) orders
   with headers, one topic per compression codec (gzip, snappy, lz4, zstd), binary values and
   tombstones, a dead-letter topic with the demo's Spring Kafka headers, a consumer group that
   commits and stays a member while `evmon lag` runs; Redis (redis-py, RESP3 and RESP2)
   streams, a `:dlq` stream, a group with poison entries, and a few RESP3-only replies
   (maps, sets, doubles, verbatim strings, pushes); NATS (nats-py) JetStream streams with
   headers, durable consumers with unacknowledged and exhausted messages, MAX_DELIVERIES
   advisories captured by a DLQ stream, idle heartbeats, flow control and 404/408 statuses,
   plus a raw verbose connection (+OK) and a bad one (-ERR).
3. Runs the real evmon through the proxies: topics, tail --from earliest -e --format json,
   tail --from -N, a following tail while new messages arrive, lag, dlq list, dlq replay.
4. Carves the seeds out of the recordings (see Sources/EvmonFuzzing/*.swift for each target's
   input format), plus demo:// dead letters, replay audit logs, README/DECISIONS command lines
   and the repository's watch, theme and config files, and writes at most 40 files per target
   (each <= 64 KiB), named by the sha1 of their content. The seeds of each target's folder are
   replaced; the crash-*, timeout-* and oom-* inputs `make fuzz` found are kept.

Topics, streams and keys it creates are named fz<run>-… and deleted at the end (--keep keeps
them). Captures carry times and random ids, so seeds differ from run to run in detail.
"""
import argparse
import os as _os, sys as _sys
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from crc32c import crc32c  # noqa: E402  (scripts/crc32c.py)
import asyncio
import base64
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(REPO, "Tests", "EvmonFuzzTests", "Corpus")
MAX_FILES = 40
MAX_BYTES = 64 * 1024
TARGETS = ["kafka-frames", "kafka-responses", "kafka-batches", "resp", "redis-entries", "nats-parser",
           "nats-headers", "json", "dead-letters", "record-output", "command-line", "audit-log", "user-files",
           "credentials", "trace", "record-lines"]
DEMO = "demo://?seed=7&start=1764115200000"


def log(*parts):
    print("fuzz-seeds:", *parts, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Recording proxy


class Connection:
    def __init__(self, label):
        self.label = label
        self.c2s = bytearray()
        self.s2c = bytearray()


class Recorder:
    """A loopback TCP proxy that records both directions of every connection."""

    def __init__(self, name, upstream, kafka=False):
        self.name = name
        host, port = upstream.rsplit(":", 1)
        self.upstream = (host, int(port))
        self.kafka = kafka
        self.label = "setup"
        self.connections = []
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.ready.wait()

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def stop(self):
        async def close():
            self.server.close()
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    async def _handle(self, client_reader, client_writer):
        record = Connection(self.label)
        self.connections.append(record)
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return

        async def pump(reader, writer, sink, frames, rewrite):
            try:
                while True:
                    if frames:
                        head = await reader.readexactly(4)
                        body = await reader.readexactly(struct.unpack(">i", head)[0])
                        data = head + body
                    else:
                        data = await reader.read(65536)
                        if not data:
                            break
                    sink.extend(data)
                    writer.write(rewrite(data) if rewrite else data)
                    await writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError, OSError):
                pass
            finally:
                try:
                    writer.close()
                except Exception:
                    pass

        rewrite = self._rewrite_kafka if self.kafka else None
        try:
            await asyncio.gather(
                pump(client_reader, upstream_writer, record.c2s, False, None),
                pump(upstream_reader, client_writer, record.s2c, self.kafka, rewrite))
        except asyncio.CancelledError:
            pass

    def _rewrite_kafka(self, frame):
        # Broker addresses (Metadata, FindCoordinator) name the real broker: point them here.
        host = self.upstream[0].encode()
        return frame.replace(host + struct.pack(">i", self.upstream[1]), host + struct.pack(">i", self.port))


# ---------------------------------------------------------------------------------------------
# Helpers


class Seeds:
    """Candidate seeds of one target, grouped by kind; picked round-robin over the kinds."""

    def __init__(self):
        self.kinds = {}

    def add(self, kind, data):
        data = data.encode() if isinstance(data, str) else bytes(data)
        if 0 < len(data) <= MAX_BYTES:
            self.kinds.setdefault(kind, []).append(data)

    def pick(self, limit=MAX_FILES):
        chosen, seen = [], set()
        queues = {kind: list(items) for kind, items in self.kinds.items()}
        while len(chosen) < limit and any(queues.values()):
            for kind in list(queues):
                while queues[kind]:
                    data = queues[kind].pop(0)
                    if data not in seen:
                        seen.add(data)
                        chosen.append(data)
                        break
                if len(chosen) >= limit:
                    break
        return chosen


def spread(items, count):
    """`count` items spread evenly over `items`, first and last included."""
    items = list(items)
    if len(items) <= count:
        return items
    return [items[round(i * (len(items) - 1) / max(1, count - 1))] for i in range(count)]


class Evmon:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.config = os.path.join(workdir, "config")
        self.state = os.path.join(workdir, "state")
        os.makedirs(self.config, exist_ok=True)
        os.makedirs(self.state, exist_ok=True)
        self.outputs = []

    def env(self, state=None):
        env = dict(os.environ)
        for name in ("EVMON_BROKER", "EVMON_REDIS_PASSWORD", "EVMON_NATS_USER", "EVMON_NATS_PASSWORD",
                     "EVMON_NATS_TOKEN", "EVMON_KAFKA_USERNAME", "EVMON_KAFKA_PASSWORD"):
            env.pop(name, None)
        env["XDG_CONFIG_HOME"] = self.config
        env["XDG_STATE_HOME"] = state or self.state
        env["NO_COLOR"] = "1"
        return env

    def run(self, *args, state=None, timeout=60):
        try:
            done = subprocess.run([self.binary, *args], capture_output=True, timeout=timeout, env=self.env(state))
        except subprocess.TimeoutExpired as error:
            log("timed out:", " ".join(args))
            return error.stdout or b""
        if done.returncode not in (0, 1):
            log(f"exit {done.returncode}:", " ".join(args), done.stderr.decode(errors="replace").strip()[:300])
        self.outputs.append((args, done.stdout))
        return done.stdout

    def follow(self, *args, seconds=3.0, during=None):
        """A command that runs until interrupted (a following tail); `during` runs meanwhile."""
        process = subprocess.Popen([self.binary, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=self.env())
        time.sleep(seconds / 2)
        if during:
            during()
        time.sleep(seconds / 2)
        process.send_signal(signal.SIGINT)
        try:
            out, _ = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
        self.outputs.append((args, out))
        return out


def stable_copy(binary, workdir):
    """A private copy of the evmon binary, so that a rebuild during the run changes nothing."""
    copy = os.path.join(workdir, "evmon")
    for attempt in range(60):
        try:
            shutil.copy2(binary, copy)
            subprocess.run([copy, "--version"], check=True, capture_output=True, timeout=30)
            return copy
        except (OSError, subprocess.SubprocessError):
            time.sleep(5)
    sys.exit(f"fuzz-seeds: {binary} does not run")


def json_lines(output):
    for line in output.splitlines():
        try:
            yield json.loads(line)
        except ValueError:
            pass


def json_bytes(value):
    """Bytes of evmon's JSON output for a key, header value or value: a string or {"base64": …}."""
    if value is None:
        return None
    if isinstance(value, dict) and "base64" in value:
        return base64.b64decode(value["base64"])
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return json.dumps(value, separators=(",", ":")).encode()


# ---------------------------------------------------------------------------------------------
# Kafka


def kafka_apis():
    """KafkaApi.allCases with keys, supported versions and first flexible versions, read from the
    Swift source so that the byte-0 index of kafka-responses stays right."""
    source = open(os.path.join(REPO, "Sources", "KafkaWire", "KafkaApi.swift")).read()
    cases = re.findall(r"^\s*case (\w+) = (\d+)\s*$", source, re.M)

    def switch(name):
        body = source[source.index(f"var {name}"):]
        body = body[:body.index("\n    }\n")]
        return dict(re.findall(r"case \.(\w+): ([^\n]+)", body))

    supported, flexible = switch("supportedVersions"), switch("firstFlexibleVersion")
    apis = []
    for index, (name, key) in enumerate(cases):
        low, high = (int(v) for v in supported[name].split("..."))
        first = flexible[name].strip()
        apis.append({"index": index, "name": name, "key": int(key), "low": low, "high": high,
                     "flexible": 1 << 15 if first == ".max" else int(first)})
    return {api["key"]: api for api in apis}


def kafka_frames(stream):
    frames, position = [], 0
    while len(stream) - position >= 4:
        size = struct.unpack_from(">i", stream, position)[0]
        if size < 0 or position + 4 + size > len(stream):
            break
        frames.append(bytes(stream[position:position + 4 + size]))
        position += 4 + size
    return frames


def uvarint(data, position):
    value = shift = 0
    while True:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7


def kafka_exchanges(connection):
    """(api_key, version, response frame) of one connection, matched by correlation id."""
    requests = {}
    for frame in kafka_frames(connection.c2s):
        if len(frame) >= 12:
            key, version, correlation = struct.unpack_from(">hhi", frame, 4)
            requests[correlation] = (key, version)
    for frame in kafka_frames(connection.s2c):
        if len(frame) >= 8:
            correlation = struct.unpack_from(">i", frame, 4)[0]
            if correlation in requests:
                yield (*requests[correlation], frame)


def record_batches(data):
    """Valid RecordBatch v2 batches in `data`, as (start, end, base offset, attributes)."""
    found, position, limit = [], 0, len(data) - 61
    while position <= limit:
        if data[position + 16] == 2:
            length = struct.unpack_from(">i", data, position + 8)[0]
            end = position + 12 + length
            if 49 <= length and end <= len(data):
                crc = struct.unpack_from(">I", data, position + 17)[0]
                if crc32c(data[position + 21:end]) == crc:
                    found.append((position, end, struct.unpack_from(">q", data, position)[0],
                                  struct.unpack_from(">h", data, position + 21)[0]))
                    position = end
                    continue
        position += 1
    return found


def kafka_capture(args, evmon, run, demo_dead_letters):
    from confluent_kafka.admin import AdminClient

    proxy = Recorder("kafka", args.kafka, kafka=True)
    topics = [f"{run}-{name}" for name in ("orders", "binary", "orders-dlt", "gzip", "snappy", "lz4", "zstd")]
    admin = AdminClient({"bootstrap.servers": args.kafka})
    try:
        return kafka_session(args, evmon, run, demo_dead_letters, proxy, topics)
    finally:
        proxy.stop()
        if not args.keep:
            for future in admin.delete_topics(topics).values():
                try:
                    future.result(30)
                except Exception as error:
                    log("delete topic:", error)


def kafka_session(args, evmon, run, demo_dead_letters, proxy, topics):
    from confluent_kafka import Consumer, Producer, TopicPartition
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": args.kafka})
    bootstrap = proxy.address
    broker = f"kafka://{bootstrap}"
    orders, binary, dlt = topics[:3]
    codecs = ["gzip", "snappy", "lz4", "zstd"]
    created = admin.create_topics([NewTopic(topic, 3 if topic in (orders, dlt) else 1, 1) for topic in topics])
    for future in created.values():
        try:
            future.result(30)
        except Exception as error:
            log("create topic:", error)
    time.sleep(1)

    proxy.label = "produce"
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "enable.idempotence": False,
                         "broker.address.family": "v4"})
    base = 1764115200000
    for index in range(30):
        order = f"ord-{index:06d}"
        event = {"event_id": f"{run}-{index:04d}", "event_type": "OrderCreated" if index % 4 else "OrderCancelled",
                 "timestamp": f"2025-11-26T00:00:{index:02d}Z",
                 "payload": {"order_id": order, "user_id": f"user-{index * 7 % 300}",
                             "items": [{"product_id": f"SKU-{1000 + index}", "quantity": 1 + index % 4, "price": 9.75}],
                             "total": 9.75 * (1 + index % 4), "sequence": 1}}
        producer.produce(orders, key=order, value=json.dumps(event), timestamp=base + index * 1000,
                         headers=[("content-type", b"application/json"), ("event-type", event["event_type"].encode()),
                                  ("traceparent", f"00-{index:032x}-{index:016x}-01".encode())])
        if index % 10 == 9:
            producer.flush(10)
    for codec in codecs:
        compressed = Producer({"bootstrap.servers": bootstrap, "compression.type": codec, "linger.ms": 50,
                               "enable.idempotence": False, "broker.address.family": "v4"})
        for batch in range(3):
            for index in range(8):
                value = json.dumps({"codec": codec, "batch": batch, "n": index, "note": "compressible " * 6})
                headers = [("codec", codec.encode())] if index % 2 else None
                compressed.produce(f"{run}-{codec}", key=f"k{index}" if index % 3 else None, value=value,
                                   headers=headers)
            compressed.flush(10)
    for index, value in enumerate([b"\x00\x01\x02\xff\xfe", "ünïcødé ✓".encode(), b"\x1b[2Jclear", None, b"",
                                   b"\xc3\x28 invalid utf-8", bytes(range(256)), b"x" * 3000]):
        producer.produce(binary, key=None if index % 2 else f"b{index}".encode(), value=value,
                         headers=[("bin", bytes([index, 0xFF, 0]))] if index % 3 == 0 else None)
    producer.flush(10)
    # The demo's Spring Kafka dead letters, pointed at this run's orders topic.
    for record in demo_dead_letters[:12]:
        headers = []
        for name, value in record["headers"]:
            data = json_bytes(value)
            if name == "kafka_dlt-original-topic":
                data = orders.encode()
            headers.append((name, data))
        producer.produce(dlt, key=json_bytes(record["key"]), value=json_bytes(record["value"]),
                         partition=record["partition"], headers=headers, timestamp=record["timestamp"])
        producer.flush(10)  # one batch each: Tansu counts a partition's end in batches

    # A group that committed part of orders, and a consumer of it that stays a member.
    group = f"{run}-inventory"
    # A short max.poll.interval.ms: Tansu holds a JoinGroup for the whole rebalance timeout.
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False, "broker.address.family": "v4",
                         "session.timeout.ms": 6000, "max.poll.interval.ms": 6000})
    consumer.subscribe([orders])
    seen, deadline = 0, time.time() + 20
    while seen < 12 and time.time() < deadline:
        message = consumer.poll(0.5)
        if message is not None and not message.error():
            seen += 1
    try:
        consumer.commit(asynchronous=False)
    except Exception as error:
        log("commit:", error)
    for codec in codecs:
        # The reference client's own Fetch of compressed batches; then a commit without joining.
        reader = Consumer({"bootstrap.servers": bootstrap, "group.id": f"{run}-{codec}-reader",
                           "enable.auto.commit": False, "broker.address.family": "v4"})
        reader.assign([TopicPartition(f"{run}-{codec}", 0, 0)])
        got, deadline = 0, time.time() + 10
        while got < 24 and time.time() < deadline:
            message = reader.poll(0.5)
            if message is not None and not message.error():
                got += 1
        try:
            reader.commit(offsets=[TopicPartition(f"{run}-{codec}", 0, 1 + got // 3)], asynchronous=False)
        except Exception as error:
            log("commit:", error)
        reader.close()

    keep_polling = threading.Event()

    def poll():
        while not keep_polling.is_set():
            consumer.poll(0.2)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    tails = {}
    for step, command in [
        ("topics", ["topics"]), ("topics", ["topics", "--format", "json"]),
        ("lag", ["lag"]), ("lag", ["lag", "--format", "json"]), ("lag", ["lag", "--group", group]),
    ] + [("tail", ["tail", topic, "--from", "earliest", "-e", "--format", "json"]) for topic in topics] + [
        ("tail", ["tail", orders, "--from", "-2", "-e", "--format", "json"]),
        ("tail", ["tail", orders, "--from", "5", "--partition", "1", "-e"]),
        ("tail", ["tail", orders, "--from", f"@{base + 20000}", "-e", "--format", "%t %p %o %k %s\\n"]),
        ("dlq", ["dlq", "list"]), ("dlq", ["dlq", "list", dlt, "--format", "json"]),
    ]:
        proxy.label = step
        output = evmon.run(*command, "--broker", broker)
        if step == "tail" and "json" in command:
            tails[command[1]] = output
    keep_polling.set()
    poller.join(5)
    consumer.close()

    # A following tail while new orders arrive, and a replay (evmon's Produce).
    proxy.label = "follow"

    def more():
        for index in range(5):
            producer.produce(orders, key=f"late-{index}", value=json.dumps({"late": index}))
        producer.flush(10)

    evmon.follow("tail", orders, "--from", "latest", "--format", "json", "--broker", broker, seconds=4, during=more)
    proxy.label = "replay"
    audit_state = tempfile.mkdtemp(prefix="state-", dir=evmon.state)
    entries = list(json_lines(evmon.run("dlq", "list", dlt, "--format", "json", "--broker", broker)))
    for entry in entries[:2]:
        evmon.run("dlq", "replay", dlt, "--partition", str(entry["partition"]), "--offset", str(entry["offset"]),
                  "--yes", "--broker", broker, state=audit_state)
    kafka_log = os.path.join(audit_state, "evmon", "replays.jsonl")
    audit = open(kafka_log, "rb").read() if os.path.exists(kafka_log) else b""
    return proxy.connections, tails, audit


def kafka_seeds(connections, seeds):
    apis = kafka_apis()
    frames, responses, batches = seeds["kafka-frames"], seeds["kafka-responses"], seeds["kafka-batches"]
    for number, connection in enumerate(connections):
        exchanges = list(kafka_exchanges(connection))
        names = {frame[4:8]: apis.get(key, {"name": f"api{key}"})["name"] for key, _, frame in exchanges}
        all_frames = kafka_frames(connection.s2c)
        if len(connection.s2c) <= MAX_BYTES and len(all_frames) > 1:
            frames.add(f"whole-{connection.label}", connection.s2c)
        position, sizes = 0, [1, 2, 3]
        while position < len(all_frames):
            chunk = all_frames[position:position + sizes[position % 3]]
            while chunk and sum(map(len, chunk)) > MAX_BYTES:
                chunk = chunk[:-1]
            if not chunk:
                position += 1
                continue
            kind = "+".join(sorted({names.get(frame[4:8], "?") for frame in chunk}))
            frames.add(kind, b"".join(chunk))
            position += len(chunk)
        for key, version, frame in exchanges:
            api = apis.get(key)
            if api and api["low"] <= version <= api["high"]:
                body_start = 8
                if version >= api["flexible"] and api["name"] != "apiVersions":
                    count, body_start = uvarint(frame, 8)
                    for _ in range(count):
                        _, body_start = uvarint(frame, body_start)
                        size, body_start = uvarint(frame, body_start)
                        body_start += size
                responses.add((api["name"], version), bytes([api["index"], version - api["low"]]) + frame[body_start:])
            if key == 1:  # Fetch: the record sets inside
                found = record_batches(frame)
                runs, current = [], []
                for batch in found:
                    if current and current[-1][1] != batch[0]:
                        runs.append(current)
                        current = []
                    current.append(batch)
                if current:
                    runs.append(current)
                for run in runs:
                    for start, end, base, attributes in run[:3]:
                        codec = ["none", "gzip", "snappy", "lz4", "zstd"][attributes & 7] if attributes & 7 < 5 else "?"
                        kind = f"{codec}-{'tx' if attributes & 16 else ''}{'ctl' if attributes & 32 else ''}"
                        batches.add(kind, struct.pack(">q", base) + frame[start:end])
                        batches.add(kind + "+1", struct.pack(">q", base + 1) + frame[start:end])
                    if len(run) > 1:
                        start, end = run[0][0], run[-1][1]
                        while end - start > MAX_BYTES - 8 and len(run) > 1:
                            run = run[:-1]
                            end = run[-1][1]
                        batches.add(f"set-{len(run)}", struct.pack(">q", run[0][2]) + frame[start:end])


# ---------------------------------------------------------------------------------------------
# RESP


def resp_end(data, position):
    """The index just past the RESP frame at `position`, or None if incomplete."""
    if position >= len(data):
        return None
    kind = data[position:position + 1]
    eol = data.find(b"\r\n", position)
    if eol < 0:
        return None
    line, after = data[position + 1:eol], eol + 2
    if kind in (b"+", b"-", b":", b"_", b",", b"#", b"("):
        return after
    if kind in (b"$", b"!", b"="):
        length = int(line)
        if length < 0:
            return after
        end = after + length + 2
        return end if end <= len(data) else None
    if kind in (b"*", b"~", b">", b"%", b"|"):
        count = int(line)
        if count < 0:
            return after
        if kind in (b"%", b"|"):
            count *= 2
        for _ in range(count):
            after = resp_end(data, after)
            if after is None:
                return None
        return resp_end(data, after) if kind == b"|" else after
    raise ValueError(f"not RESP at {position}: {kind!r}")


def resp_frames(data):
    frames, position = [], 0
    while position < len(data):
        try:
            end = resp_end(data, position)
        except ValueError:
            break
        if end is None:
            break
        frames.append(bytes(data[position:end]))
        position = end
    return frames


def resp_command(frame):
    """A command frame's words (arrays of bulk strings)."""
    words, position = [], frame.index(b"\r\n") + 2
    while position < len(frame):
        eol = frame.index(b"\r\n", position)
        length = int(frame[position + 1:eol])
        words.append(frame[eol + 2:eol + 2 + length])
        position = eol + 4 + length
    return words


def redis_capture(args, evmon, run):
    import redis

    proxy = Recorder("redis", args.redis)
    host, port = proxy.address.split(":")
    orders, events, dlq, binary = f"{run}:orders", f"{run}:events", f"{run}:orders:dlq", f"{run}:binary"
    keys = [orders, events, dlq, binary, f"{run}:zset", f"{run}:set", f"{run}:hash", f"{run}:string"]

    client = redis.Redis(host=host, port=int(port), protocol=3)
    try:
        redis_session(args, evmon, run, proxy, client, keys)
    finally:
        if not args.keep:
            redis.Redis(host=args.redis.rsplit(":", 1)[0], port=int(args.redis.rsplit(":", 1)[1])).delete(*keys)
        client.close()
        proxy.stop()
    return proxy.connections


def redis_session(args, evmon, run, proxy, client, keys):
    import redis

    host, port = proxy.address.split(":")
    broker = f"redis://{proxy.address}"
    orders, events, dlq, binary = keys[:4]
    proxy.label = "redis-py-3-write"
    for index in range(25):
        client.xadd(orders, {"data": json.dumps({"event_id": f"{run}-{index}", "event_type": "OrderCreated",
                                                  "payload": {"order_id": f"ord-{index:06d}", "total": 10.25 * index}})})
        client.xadd(events, {"type": "stock", "sku": f"SKU-{1000 + index}", "qty": str(index % 7)})
    client.xadd(binary, {"blob": b"\x00\xff\xfe\x1b[31m"})
    client.xadd(binary, {"a": "1", "b": "", "c": "ünï ✓"})
    client.xadd(binary, {"data": "not json {"})
    for index in range(3):
        client.xadd(dlq, {"data": json.dumps({"order_id": f"ord-{index:06d}"}), "error": "OutOfStockException",
                          "original_stream": orders, "original_id": "0-1"})
    client.xgroup_create(orders, "inventory", id="0")
    client.xgroup_create(events, "audit", id="0")
    client.xreadgroup("inventory", "worker-1", {orders: ">"}, count=10)
    for _ in range(3):  # the same pending entries delivered again: poison after three deliveries
        client.xreadgroup("inventory", "worker-1", {orders: "0"}, count=2)
    client.xreadgroup("audit", "auditor", {events: ">"}, count=4)
    client.xack(events, "audit", *[entry[0] for entry in client.xrange(events, count=2)])
    client.zadd(f"{run}:zset", {"a": 1.5, "b": 2.25})
    client.zscore(f"{run}:zset", "a")
    client.zrange(f"{run}:zset", 0, -1, withscores=True)
    client.sadd(f"{run}:set", "x", "y")
    client.smembers(f"{run}:set")
    client.hset(f"{run}:hash", mapping={"f": "v", "g": "w"})
    client.hgetall(f"{run}:hash")
    client.set(f"{run}:string", "plain")
    client.execute_command("CLIENT", "INFO")
    client.execute_command("INFO", "server")
    for command in (lambda: client.xrange(f"{run}:string"), lambda: client.execute_command("NOSUCHCOMMAND")):
        try:
            command()
        except redis.ResponseError:
            pass

    def reads(c):
        c.xrange(orders, count=5)
        c.xrange(events, "-", "+")
        c.xrevrange(orders, count=1)
        c.xrevrange(binary)
        c.xrange(binary, count=10)
        c.xrange(f"{run}:nothing")
        c.xread({orders: "0", events: "0"}, count=3)
        c.xread({orders: "$"}, block=50)
        c.xinfo_stream(orders)
        c.xinfo_groups(orders)
        c.xinfo_consumers(orders, "inventory")
        c.xpending(orders, "inventory")
        c.xpending_range(orders, "inventory", "-", "+", 10)
        c.xlen(orders)
        c.scan(0, match=f"{run}:*", _type="stream")

    proxy.label = "redis-py-3-read"
    reads(client)
    proxy.label = "redis-py-3-push"
    pubsub = client.pubsub()
    pubsub.subscribe(f"{run}:chan")
    client.publish(f"{run}:chan", "hello")
    for _ in range(4):
        pubsub.get_message(timeout=0.2)
    pubsub.close()
    proxy.label = "redis-py-2-read"
    old = redis.Redis(host=host, port=int(port), protocol=2)
    old.xadd(binary, {"resp": "2", "blob": b"\x00\xff"})
    old.xreadgroup("inventory", "worker-2", {orders: ">"}, count=3)
    old.xreadgroup("inventory", "worker-2", {orders: "0"}, count=3)
    reads(old)
    old.zscore(f"{run}:zset", "a")
    old.smembers(f"{run}:set")
    old.execute_command("INFO", "server")
    old.hgetall(f"{run}:hash")
    old.zrange(f"{run}:zset", 0, -1, withscores=True)
    try:
        old.xrange(f"{run}:string")
    except redis.ResponseError:
        pass
    old.close()

    for step, command in [
        ("topics", ["topics"]), ("topics", ["topics", "--format", "json"]),
        ("lag", ["lag"]), ("lag", ["lag", "--format", "json"]),
        ("dlq", ["dlq", "list"]), ("dlq", ["dlq", "list", dlq, "--format", "json"]),
    ] + [("tail", ["tail", key, "--from", "earliest", "-e", "--format", "json"]) for key in (orders, events, dlq, binary)] + [
        ("tail", ["tail", orders, events, "--from", "-3", "-e", "--format", "json"]),
        ("tail", ["tail", orders, "--from", "-20", "-e"]),
    ]:
        proxy.label = step
        evmon.run(*command, "--broker", broker)
    proxy.label = "follow"

    def more():
        for index in range(4):
            client.xadd(orders, {"data": json.dumps({"late": index})})
            client.xadd(events, {"type": "late", "n": str(index)})
            time.sleep(0.1)

    evmon.follow("tail", orders, events, "--from", "-2", "--format", "json", "--broker", broker, seconds=3, during=more)


def redis_seeds(connections, seeds):
    for connection in connections:
        frames = resp_frames(connection.s2c)
        resp3 = connection.s2c[:1] == b"%"
        label = connection.label if "redis-py" in connection.label else f"evmon-{connection.label}"
        kind = f"{label}-{'resp3' if resp3 else 'resp2'}"
        if len(connection.s2c) <= MAX_BYTES:
            seeds["resp"].add(kind, connection.s2c)
        else:
            chunk = b""
            for frame in frames:
                if len(chunk) + len(frame) > MAX_BYTES and chunk:
                    seeds["resp"].add(kind, chunk)
                    chunk = b""
                chunk += frame
            if chunk:
                seeds["resp"].add(kind, chunk)
        # Runs of one to three replies, grouped by the first one's type (smaller seeds).
        version = "resp3" if resp3 else "resp2"
        position = 0
        while position < len(frames):
            chunk = frames[position:position + 1 + position % 3]
            seeds["resp"].add(f"frames-{version}-{chunk[0][:1].decode()}", b"".join(chunk))
            position += len(chunk)
        # Replies in command order (pushes are out of band).
        commands = [resp_command(frame) for frame in resp_frames(connection.c2s) if frame[:1] == b"*"]
        replies = [frame for frame in frames if frame[:1] != b">"]
        for words, reply in zip(commands, replies):
            if words and words[0].upper() in (b"SUBSCRIBE", b"PSUBSCRIBE", b"UNSUBSCRIBE"):
                break
            name = words[0].upper() if words else b""
            if name == b"XRANGE" or name == b"XREVRANGE":
                seeds["redis-entries"].add(f"range-{kind}", b"\x00" + reply)
                if reply.startswith(b"*") and not reply.startswith(b"*0"):
                    seeds["redis-entries"].add(f"last-{kind}", b"\x01" + reply)
            elif name in (b"XREAD", b"XREADGROUP"):
                seeds["redis-entries"].add(f"read-{kind}", b"\x02" + reply)


# ---------------------------------------------------------------------------------------------
# NATS


def nats_op_end(data, position):
    eol = data.find(b"\r\n", position)
    if eol < 0:
        return None
    line = data[position:eol]
    word = line.split(b" ", 1)[0].upper()
    if word in (b"MSG", b"HMSG"):
        size = int(line.split()[-1])
        end = eol + 2 + size + 2
        return end if end <= len(data) else None
    return eol + 2


def nats_ops(data):
    ops, position = [], 0
    while position < len(data):
        end = nats_op_end(data, position)
        if end is None:
            break
        ops.append(bytes(data[position:end]))
        position = end
    return ops


def nats_capture(args, evmon, run):
    import nats

    proxy = Recorder("nats", args.nats)
    stream, dlq, other = f"{run.upper()}_ORDERS", f"{run.upper()}_ORDERS_DLQ", f"{run.upper()}_EVENTS"
    subject = f"{run}.orders"

    try:
        nats_session(args, evmon, run, proxy, stream, dlq, other, subject)
    finally:
        if not args.keep:
            async def clean():
                nc = await nats.connect(f"nats://{args.nats}")
                js = nc.jetstream()
                for name in (stream, dlq, other):
                    try:
                        await js.delete_stream(name)
                    except Exception:
                        pass
                await nc.close()
            asyncio.run(clean())
        proxy.stop()
    return proxy.connections


def nats_session(args, evmon, run, proxy, stream, dlq, other, subject):
    import nats
    from nats.js import api

    broker = f"nats://{proxy.address}"

    async def write():
        proxy.label = "nats-py-write"
        nc = await nats.connect(f"nats://{proxy.address}", name="fuzz-seeds")
        js = nc.jetstream()
        await js.add_stream(api.StreamConfig(name=stream, subjects=[f"{subject}.>"]))
        await js.add_stream(api.StreamConfig(name=other, subjects=[f"{run}.events.*"], max_msgs_per_subject=5))
        await js.add_stream(api.StreamConfig(
            name=dlq, subjects=[f"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{stream}.>",
                                f"$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.{stream}.>"]))
        for index in range(20):
            kind = "created" if index % 3 else "cancelled"
            await js.publish(f"{subject}.{kind}", json.dumps({"order_id": f"ord-{index:06d}", "n": index}).encode(),
                             headers={"Nats-Msg-Id": f"{run}-{index}", "event-type": kind, "traceparent": f"00-{index:032x}-01"}
                             if index % 2 else None)
        await js.publish(f"{subject}.created", b"\x00\xff\x1b[2J binary")
        await js.publish(f"{subject}.created", b"")
        await js.publish(f"{subject}.created", json.dumps({"dup": True}).encode(), headers={"Nats-Msg-Id": f"{run}-1"})
        for index in range(8):
            await js.publish(f"{run}.events.e{index % 3}", f"event {index}".encode(), headers={"n": str(index), "multi": "a"})
        # A durable that has pending and unacknowledged messages, and one that exhausts deliveries.
        await js.add_consumer(stream, api.ConsumerConfig(durable_name="billing", ack_policy=api.AckPolicy.EXPLICIT,
                                                         filter_subject=f"{subject}.created"))
        await js.add_consumer(stream, api.ConsumerConfig(durable_name="flaky", ack_policy=api.AckPolicy.EXPLICIT,
                                                         max_deliver=2, ack_wait=0.5))
        proxy.label = "nats-py-consume"
        billing = await js.pull_subscribe_bind("billing", stream)
        messages = await billing.fetch(6, timeout=2)
        for message in messages[:3]:
            await message.ack()
        if len(messages) > 4:
            await messages[3].nak()
            await messages[4].term()
        flaky = await js.pull_subscribe_bind("flaky", stream)
        for _ in range(3):
            try:
                await flaky.fetch(2, timeout=1)
            except Exception:
                pass
            await asyncio.sleep(0.6)
        try:
            await billing.fetch(1, timeout=0.5)  # 404/408 statuses
        except Exception:
            pass
        for _ in range(2):
            try:
                for message in await billing.fetch(50, timeout=0.5):
                    pass
            except Exception:
                pass
        proxy.label = "nats-py-heartbeat"
        seen = []

        async def handler(message):
            seen.append(message)

        sub = await js.subscribe(f"{run}.events.*", cb=handler, ordered_consumer=True, idle_heartbeat=0.5)
        await asyncio.sleep(1.8)
        await sub.unsubscribe()
        push = await js.subscribe(f"{subject}.>", cb=handler, flow_control=True, idle_heartbeat=0.5,
                                  config=api.ConsumerConfig(ack_policy=api.AckPolicy.EXPLICIT))
        await asyncio.sleep(1.5)
        await push.unsubscribe()
        for name in (stream, dlq, other):
            await js.stream_info(name)
        await nc.close()

    asyncio.run(write())

    def raw(label, lines, wait=0.5):
        proxy.label = label
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=3) as sock:
            sock.recv(4096)
            for line in lines:
                sock.sendall(line)
            time.sleep(wait)
            try:
                while sock.recv(65536):
                    pass
            except OSError:
                pass

    raw("raw-verbose", [b'CONNECT {"verbose":true,"pedantic":true,"headers":true,"protocol":1}\r\n',
                        f"SUB {run}.raw.> 1\r\n".encode(), f"PUB {run}.raw.a _INBOX.x 5\r\nhello\r\n".encode(),
                        f"HPUB {run}.raw.b 22 27\r\nNATS/1.0\r\nX-A: 1\r\n\r\nhello\r\n".encode(), b"PING\r\n",
                        b"UNSUB 1\r\n", b"PUB bad subject with spaces 1\r\nx\r\n"])
    raw("raw-error", [b'CONNECT {"verbose":false}\r\n', b"PING\r\n", b"BOGUS op\r\n"])

    for step, command in [
        ("topics", ["topics"]), ("topics", ["topics", "--format", "json"]),
        ("lag", ["lag"]), ("lag", ["lag", "--format", "json"]),
        ("dlq", ["dlq", "list"]), ("dlq", ["dlq", "list", dlq, "--format", "json"]),
        ("tail", ["tail", stream, "--from", "earliest", "-e", "--format", "json"]),
        ("tail", ["tail", other, "--from", "earliest", "-e", "--format", "json"]),
        ("tail", ["tail", dlq, "--from", "earliest", "-e", "--format", "json"]),
        ("tail", ["tail", f"{subject}.created", "--from", "earliest", "-e", "--format", "json"]),
        ("tail", ["tail", stream, "--from", "-3", "-e"]),
    ]:
        proxy.label = step
        evmon.run(*command, "--broker", broker)

    proxy.label = "follow"

    def more():
        async def publish():
            nc = await nats.connect(f"nats://{args.nats}")
            js = nc.jetstream()
            for index in range(3):
                await js.publish(f"{subject}.created", json.dumps({"late": index}).encode(), headers={"late": "yes"})
            await nc.close()
        asyncio.run(publish())

    # Long enough for the 5 s idle heartbeat of evmon's ordered consumer.
    evmon.follow("tail", stream, "--from", "-1", "--format", "json", "--broker", broker, seconds=7, during=more)


def nats_seeds(connections, seeds, json_seeds):
    for connection in connections:
        ops = nats_ops(connection.s2c)
        kind = connection.label if "nats-py" in connection.label or "raw" in connection.label else f"evmon-{connection.label}"
        if len(connection.s2c) <= MAX_BYTES:
            seeds["nats-parser"].add(kind, connection.s2c)
        position = 0
        while position < len(ops):
            chunk = ops[position:position + 1 + position % 3]
            verbs = sorted({op.split(b"\r\n", 1)[0].split(b" ", 1)[0].decode() for op in chunk})
            seeds["nats-parser"].add("ops-" + "+".join(verbs), b"".join(chunk))
            position += len(chunk)
        chunk = b""
        for op in ops:
            if len(chunk) + len(op) > MAX_BYTES // 4 and chunk:
                seeds["nats-parser"].add(kind + "-part", chunk)
                chunk = b""
            chunk += op
        if chunk and len(connection.s2c) > MAX_BYTES:
            seeds["nats-parser"].add(kind + "-part", chunk)
        for op in ops:
            control, _, rest = op.partition(b"\r\n")
            words = control.split()
            if not words:
                continue
            verb = words[0].upper()
            if verb == b"INFO":
                json_seeds.add("nats-info", control[5:])
            elif verb in (b"MSG", b"HMSG"):
                reply = words[3] if len(words) == (6 if verb == b"HMSG" else 5) else b""
                if reply.startswith(b"$JS.ACK."):
                    seeds["nats-headers"].add("ack", b"\x01" + reply)
                payload = rest[:-2]
                if verb == b"HMSG":
                    header_size = int(words[-2])
                    block, payload = payload[:header_size], payload[header_size:]
                    status = block.split(b"\r\n", 1)[0]
                    seeds["nats-headers"].add(status if len(status) > 8 else b"headers", b"\x00" + block)
                if payload[:1] in (b"{", b"["):
                    try:
                        document = json.loads(payload)
                    except ValueError:
                        continue
                    kind = document.get("type", "message") if isinstance(document, dict) else "array"
                    json_seeds.add(f"nats-{kind}", payload)


# ---------------------------------------------------------------------------------------------
# Records, dead letters, audit log, command lines, user files


def record_input(record):
    """CoreFuzzTargets.record's format, or None when a field would hold the 0xFF terminator."""
    fields = [json_bytes(record["topic"]) or b""]
    key = json_bytes(record.get("key")) or b""
    headers = [(json_bytes(name), json_bytes(value) or b"") for name, value in record.get("headers", [])][:7]
    for field in [fields[0], key] + [part for header in headers for part in header]:
        if b"\xff" in field:
            return None
    out = fields[0] + b"\xff" + struct.pack(">q", int(record.get("timestamp") or 0)) + key + b"\xff"
    out += bytes([len(headers)])
    for name, value in headers:
        out += name + b"\xff" + value + b"\xff"
    return out + (json_bytes(record.get("value")) or b"")


KCAT_FORMATS = ["%t %p %o %k %s\\n", "%T %h %S %K", "%k %h\\n", "%t/%p@%o\\t%s\\n", "%s", "%o %T %S\\n", "%h"]


def record_seeds(demo_records, other_records, seeds):
    for number, record in enumerate(demo_records + other_records):
        data = record_input(record)
        if data is None:
            continue
        source = "demo" if number < len(demo_records) else record["topic"]
        has_binary = any(isinstance(value, dict) for _, value in record.get("headers", []))
        kind = f"{source}-{'bin' if has_binary else 'text'}-{len(record.get('headers', [])) > 0}"
        seeds["dead-letters"].add(kind, data)
        seeds["record-output"].add(kind, KCAT_FORMATS[number % len(KCAT_FORMATS)].encode() + b"\xff" + data)


def trace_seeds(records, seeds):
    """Real messages as `t` reads them: a byte choosing the links, then the id (the key, the
    order id in the value, or the traceparent's trace id), the key and the traceparent, each
    ended by 0xFF, then the value."""
    for number, record in enumerate(records):
        key = json_bytes(record.get("key")) or b""
        value = json_bytes(record.get("value")) or b""
        traceparent = next((json_bytes(v) or b"" for name, v in record.get("headers", []) if name == "traceparent"), b"")
        order = re.search(rb'"order_id":"([^"]*)"', value)
        ids = [key, order.group(1) if order else key, traceparent[3:35] if len(traceparent) > 35 else key]
        for choice, ident in enumerate(ids):
            if b"\xff" in ident + key + traceparent:
                continue
            seeds["trace"].add(f"{record['topic'][:3]}-{choice}", bytes([(number + choice) % 5]) + ident + b"\xff" + key + b"\xff" + traceparent + b"\xff" + value)


# Fixture lines as people write them for `evmon produce`: the forms tail never prints.
HANDWRITTEN_LINES = [
    b'{"key":"ord-1","value":{"order_id": "ord-1", "total": 24.50, "items": [1, 2e3]}}',
    b'{"topic":"orders","partition":2,"headers":{"event-type":"OrderCreated","bin":{"base64":"/w=="}},"value":[1,true,null]}',
    b'{"key":{"base64":"AP8="},"value":42,"headers":[["h",null],["h","x"]]}',
    b'{"offset":"1716123456789-0","timestamp":1716123456789,"key":null,"value":"\\u00e9\\ud83d\\ude00"}',
    b'{"topic":"t","partition":0,"offset":5,"timestamp":0,"key":"k","headers":[],"value":"v","deltaMs":12}',
]


def record_line_seeds(evmon, seeds):
    """Tail's JSON lines from every broker evmon read, as `produce` and `file://` read them back."""
    for args_, output in evmon.outputs:
        if args_[:1] != ("tail",) and args_[:1] != ["tail"]:
            continue
        for line in output.splitlines()[:4]:
            if line.startswith(b'{"topic"'):
                seeds["record-lines"].add(f"tail-{line[10:14].decode(errors='replace')}", line)
    for number, line in enumerate(HANDWRITTEN_LINES):
        seeds["record-lines"].add(f"handwritten-{number}", line)


def audit_seeds(evmon, kafka_audit, seeds):
    state = tempfile.mkdtemp(prefix="audit-", dir=evmon.state)
    entries = list(json_lines(evmon.run("dlq", "list", "orders-dlt", "--format", "json", "--broker", DEMO)))
    for entry in spread(entries, 3):
        evmon.run("dlq", "replay", "orders-dlt", "--partition", str(entry["partition"]), "--offset", str(entry["offset"]),
                  "--yes", "--broker", DEMO, state=state)
    # A replay to another topic, and one edited, when the options exist (both are real lines).
    if entries:
        entry = entries[-1]
        evmon.run("dlq", "replay", "orders-dlt", "--partition", str(entry["partition"]), "--offset", str(entry["offset"]),
                  "--to", "orders-retry", "--yes", "--broker", DEMO, state=state)
    path = os.path.join(state, "evmon", "replays.jsonl")
    logs = [("demo", open(path, "rb").read() if os.path.exists(path) else b""), ("kafka", kafka_audit)]
    for source, text in logs:
        if not text:
            log(f"no {source} replay log")
            continue
        seeds["audit-log"].add(f"{source}-whole", text)
        for line in text.splitlines(keepends=True):
            try:
                fields = json.loads(line)
                state_name = next((str(fields[k]) for k in ("state", "status", "outcome", "event") if k in fields), "?")
            except ValueError:
                state_name = "?"
            seeds["audit-log"].add(f"{source}-{state_name}", line)
    return logs


def command_line_seeds(seeds, extra):
    texts = open(os.path.join(REPO, "README.md")).read() + open(os.path.join(REPO, "docs", "DECISIONS.md")).read()
    for url in re.findall(r"(?:demo|kafka|redis|rediss|nats|tls)://[^\s`'\")|]*", texts):
        seeds["command-line"].add("url", url.rstrip(".,;:"))
    placeholder = re.compile(r"^[-@]?[A-Z_]+$")  # -N, @MS: the docs' names for numbers
    for value in re.findall(r"--from[ =]([^\s`']+)", texts) + re.findall(r"`(beginning|end)`", texts):
        if not placeholder.match(value):
            seeds["command-line"].add("from", value)
    for value in re.findall(r":seek ([^`\n]+)", texts):
        for part in value.split("\\|"):
            if not placeholder.match(part.strip()):
                seeds["command-line"].add("seek", part.strip())
    for value in re.findall(r"\b\d{4}-\d{2}-\d{2}T[0-9:.]+Z?\b", texts):
        seeds["command-line"].add("iso", value)
    # Stream filters as the docs write them after `/` (scopes, re:, !json).
    for value in re.findall(r"`/((?:value|key|header|re|!json)[^`]*)`", texts):
        seeds["command-line"].add("filter", value)
    for value in re.findall(r"--until ([^\s`']+)", texts):
        seeds["command-line"].add("duration", value)
    for value in re.findall(r"within:? ?([0-9]+ ?(?:ms|s|m|h)\b)", texts):
        seeds["command-line"].add("duration", value)
    for value in extra:
        seeds["command-line"].add("captured", value)


def user_file_seeds(seeds):
    for path in sorted(os.listdir(os.path.join(REPO, "examples", "watches"))):
        if path.endswith((".yaml", ".yml")):
            seeds["user-files"].add("watch", b"\x00" + open(os.path.join(REPO, "examples", "watches", path), "rb").read())
    for path in sorted(os.listdir(os.path.join(REPO, "themes"))):
        if path.endswith((".yaml", ".yml")):
            seeds["user-files"].add("theme", b"\x01" + open(os.path.join(REPO, "themes", path), "rb").read())
    for name in ("README.md", os.path.join("docs", "DECISIONS.md")):
        for block in re.findall(r"```ya?ml\n(.*?)```", open(os.path.join(REPO, name)).read(), re.S):
            which = b"\x00" if re.search(r"^watches:", block, re.M) else b"\x02"
            seeds["user-files"].add("config" if which == b"\x02" else "watch-doc", which + block.encode())


def credential_seeds(seeds):
    """Published exchanges and reference-client output: RFC 5802/7677 SCRAM messages, an NKey seed
    and a .creds file as the PyPI `nkeys` package writes them, token-command output."""
    import nkeys
    for message in ["r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
                    "r=fyko+d2lbbFgONRv9qkxdawL%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                    "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", "e=invalid-proof"]:
        seeds["credentials"].add("scram", b"\x00" + message.encode())
    seed = nkeys.encode_seed(bytes(range(32)), nkeys.PREFIX_BYTE_USER)
    seeds["credentials"].add("nkey", b"\x01" + seed)
    jwt_part = lambda obj: base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=")
    jwt = jwt_part({"typ": "JWT", "alg": "ed25519-nkey"}) + b"." + jwt_part({"sub": "UAB2", "exp": 1900000000}) + b".c2ln"
    seeds["credentials"].add("creds", b"\x02-----BEGIN NATS USER JWT-----\n" + jwt + b"\n------END NATS USER JWT------\n\n"
                             + b"-----BEGIN USER NKEY SEED-----\n" + seed + b"\n------END USER NKEY SEED------\n")
    seeds["credentials"].add("token", b"\x03" + jwt + b"\n")
    seeds["credentials"].add("token", b'\x03{"access_token":"abc","expires_in":3600,"token_type":"Bearer"}')
    seeds["credentials"].add("token", b'\x03{"access_token":"t","expires_in":1e300}')


# ---------------------------------------------------------------------------------------------


def write_corpora(seeds, only):
    counts = {}
    for target in TARGETS:
        if only and target not in only:
            continue
        chosen = seeds[target].pick()
        folder = os.path.join(CORPUS, target)
        if len(chosen) < 3:
            log(f"{target}: only {len(chosen)} seeds, folder left as it was")
            counts[target] = len(chosen)
            continue
        # Seeds are replaced; what `make fuzz` found (crash-*, timeout-*, oom-*) stays for good.
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if not name.startswith(("crash-", "timeout-", "oom-", "slow-unit-")):
                os.remove(os.path.join(folder, name))
        for data in chosen:
            with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as file:
                file.write(data)
        counts[target] = len(chosen)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--evmon", default=os.environ.get("EVMON_BIN", os.path.join(REPO, ".build", "debug", "evmon")))
    parser.add_argument("--kafka", default=os.environ.get("EVMON_TEST_KAFKA"))
    parser.add_argument("--redis", default=os.environ.get("EVMON_TEST_REDIS"))
    parser.add_argument("--nats", default=os.environ.get("EVMON_TEST_NATS"))
    parser.add_argument("--keep", action="store_true", help="keep the topics, streams and keys written")
    parser.add_argument("--only", default="", help="comma-separated targets to rewrite (default: all)")
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}
    missing = [name for name in ("kafka", "redis", "nats") if not getattr(args, name)]
    if missing:
        parser.error(f"no address for {', '.join(missing)} (arguments or EVMON_TEST_*; source /tmp/brokers/env)")
    if not os.access(args.evmon, os.X_OK):
        parser.error(f"{args.evmon} is not an executable")

    run = "fz" + format(int(time.time()) % (36 ** 5), "x")
    work = tempfile.mkdtemp(prefix="evmon-fuzz-seeds-")
    evmon = Evmon(stable_copy(os.path.abspath(args.evmon), work), work)
    seeds = {target: Seeds() for target in TARGETS}
    try:
        log("demo dead letters")
        demo_dlt = list(json_lines(evmon.run("tail", "orders-dlt", "--from", "earliest", "-e", "--format", "json",
                                             "--broker", DEMO)))
        demo_orders = list(json_lines(evmon.run("tail", "orders", "inventory", "--from", "-3", "-e", "--format", "json",
                                                "--broker", DEMO)))
        log("kafka", args.kafka)
        kafka_connections, kafka_tails, kafka_audit = kafka_capture(args, evmon, run, demo_dlt)
        kafka_seeds(kafka_connections, seeds)
        log("redis", args.redis)
        redis_seeds(redis_capture(args, evmon, run), seeds)
        log("nats", args.nats)
        nats_seeds(nats_capture(args, evmon, run), seeds, seeds["json"])

        tansu_records = [record for output in kafka_tails.values() for record in json_lines(output)]
        record_seeds(spread(demo_dlt, 14) + spread(demo_orders, 4),
                     [r for r in tansu_records if "-dlt" in r["topic"]][:6]
                     + [r for r in tansu_records if "-dlt" not in r["topic"]][::7][:12], seeds)
        trace_seeds(spread(demo_dlt, 4) + spread(demo_orders, 6) + tansu_records[::11][:8], seeds)
        log("audit log")
        audit_seeds(evmon, kafka_audit, seeds)
        # JSON: message values and evmon's own JSON lines, next to the JetStream replies above.
        for args_, output in evmon.outputs:
            for line in output.splitlines()[:3]:
                if line.startswith(b"{"):
                    seeds["json"].add(f"evmon-{args_[0]}", line)
        for record in spread(demo_dlt, 4) + spread(demo_orders, 4) + tansu_records[::9]:
            value = json_bytes(record.get("value"))
            if value and value[:1] in (b"{", b"["):
                seeds["json"].add(f"value-{record['topic'][:2]}", value)
        record_line_seeds(evmon, seeds)
        captured_urls = [f"kafka://{args.kafka}", f"redis://{args.redis}", f"nats://{args.nats}", DEMO]
        command_line_seeds(seeds, captured_urls)
        user_file_seeds(seeds)
        credential_seeds(seeds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    counts = write_corpora(seeds, only)
    for target in TARGETS:
        if target in counts:
            kinds = ", ".join(f"{kind}:{len(items)}" for kind, items in list(seeds[target].kinds.items())[:12])
            print(f"{target:16} {counts[target]:3} seeds   (candidates by kind: {kinds})")


if __name__ == "__main__":
    main()
