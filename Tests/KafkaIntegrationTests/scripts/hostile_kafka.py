"""A scripted hostile Kafka broker: speaks the real wire protocol (old, non-flexible versions only)
and answers with whatever the scenario needs to break a client.

usage: hostile_kafka.py SCENARIO PORT   (PORT 0: any free port; prints "ready PORT" once listening;
serves until killed, orphaned, or 15 minutes have passed)

ApiVersions v3 is answered with UNSUPPORTED_VERSION (35), so the client falls back to v0, whose
answer offers only: ApiVersions 0, Metadata 1, ListOffsets 1, Fetch 4, FindCoordinator 0,
ListGroups 0, DescribeGroups 0, OffsetFetch 1. Metadata advertises one broker, itself (node 0).

Scenarios:
  base-offset-max       T[0]: 0..10; every Fetch: one valid batch at base offset Int64.max (4 records)
  extreme-offsets       T[0], T[1]: earliest Int64.min, latest Int64.max (time lookups: Int64.max);
                        Fetch: empty, high watermark Int64.max; group "g" committed 0 on both
  duplicate-partition   Metadata lists T[0] twice and T[1] once; each holds offsets 0..2
  never-advances        T[0]: 0..10; every Fetch: the same batch holding offsets 0..1
  retriable-forever     every Fetch partition answer: UNKNOWN_TOPIC_OR_PARTITION (3)
  leader-not-available  every Fetch partition answer: LEADER_NOT_AVAILABLE (5)
  aborted-million       T[0]: offsets 0..2, the Fetch answer lists 1,000,000 aborted transactions
  long-name             an ordinary broker with topic T (the client is given a 40,000-character name)
  zstd-bomb             T[0]: 40 zstd batches per Fetch, each 12 records of 4 MiB (48 MiB) that
                        compress to a few KB; 480 records in all
"""
import os, socket, struct, sys, threading, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts"))
import fake_server  # noqa: E402  (the repository's scripts folder)
from crc32c import crc32c  # noqa: E402

INT64_MAX = (1 << 63) - 1
INT64_MIN = -(1 << 63)
BASE_TIMESTAMP = 1764115200000  # 2025-11-26T00:00:00Z
LIFETIME_SECONDS = 900
MAX_CONNECTIONS = 10000
MAX_REQUESTS_PER_CONNECTION = 200000
MAX_FRAME = 64 * 1024 * 1024

# --- encoding -----------------------------------------------------------------------------------

def varint(value):
    """Zigzag varint (records use signed varints throughout)."""
    zigzag = (value << 1) ^ (value >> 63)
    zigzag &= (1 << 64) - 1
    out = bytearray()
    while True:
        if zigzag < 0x80:
            out.append(zigzag)
            return bytes(out)
        out.append((zigzag & 0x7F) | 0x80)
        zigzag >>= 7

def varbytes(data):
    return varint(-1) if data is None else varint(len(data)) + data

def record(offset_delta, key, value, timestamp_delta=0, headers=()):
    body = b"\x00" + varint(timestamp_delta) + varint(offset_delta) + varbytes(key) + varbytes(value)
    body += varint(len(headers)) + b"".join(varbytes(name) + varbytes(data) for name, data in headers)
    return varint(len(body)) + body

def batch(base_offset, records_payload, count, last_offset_delta=None, attributes=0, base_timestamp=BASE_TIMESTAMP):
    """A RecordBatch v2 (magic 2) around an already encoded (maybe compressed) records payload."""
    if last_offset_delta is None:
        last_offset_delta = max(0, count - 1)
    after_crc = struct.pack(">hiqqqhii", attributes, last_offset_delta, base_timestamp, base_timestamp, -1, -1, -1, count)
    after_crc += records_payload
    crc = crc32c(after_crc)
    # batch length counts from the partition leader epoch to the end
    length = 4 + 1 + 4 + len(after_crc)
    return struct.pack(">qiibI", base_offset, length, -1, 2, crc) + after_crc

def rebase(batch_bytes, base_offset):
    """The same batch at another base offset (the base offset is outside the CRC)."""
    return struct.pack(">q", base_offset) + batch_bytes[8:]

def plain_batch(base_offset, values, topic, partition):
    payload = b"".join(record(i, b"k%d" % (base_offset + i), value) for i, value in enumerate(values))
    return batch(base_offset, payload, len(values))

def string(text):
    data = text.encode() if isinstance(text, str) else text
    return struct.pack(">h", len(data)) + data

def nullable_string(text):
    return struct.pack(">h", -1) if text is None else string(text)

def array(items):
    items = list(items)
    return struct.pack(">i", len(items)) + b"".join(items)

# --- decoding -----------------------------------------------------------------------------------

class Reader:
    def __init__(self, data):
        self.data = data
        self.position = 0

    def take(self, count):
        if count < 0 or self.position + count > len(self.data):
            raise ValueError("truncated request")
        chunk = self.data[self.position:self.position + count]
        self.position += count
        return chunk

    def int8(self): return struct.unpack(">b", self.take(1))[0]
    def int16(self): return struct.unpack(">h", self.take(2))[0]
    def int32(self): return struct.unpack(">i", self.take(4))[0]
    def int64(self): return struct.unpack(">q", self.take(8))[0]

    def nullable_string(self):
        length = self.int16()
        return None if length < 0 else self.take(length).decode("utf-8", "replace")

    def array(self, item):
        count = self.int32()
        if count < 0:
            return None
        if count > len(self.data) - self.position:
            raise ValueError("array count beyond the request")
        return [item(self) for _ in range(count)]

# --- scenarios ----------------------------------------------------------------------------------

class Scenario:
    """The default: topic T with one partition holding offsets 0..2 (JSON values)."""
    topics = {"T": [0]}
    earliest = 0
    latest = 3
    groups = []

    def metadata_partitions(self, topic):
        return self.topics[topic]

    def list_offset(self, topic, partition, timestamp):
        """(error, timestamp, offset) for a ListOffsets query."""
        if timestamp == -2:
            return 0, -1, self.earliest
        if timestamp == -1:
            return 0, -1, self.latest
        return 0, BASE_TIMESTAMP, self.earliest

    def fetch(self, topic, partition, offset, max_wait):
        """(error, high watermark, aborted entries bytes or None, records bytes)."""
        if offset >= self.latest:
            wait(max_wait)
            return 0, self.latest, None, b""
        values = [b'{"partition":%d,"offset":%d}' % (partition, i) for i in range(self.latest)]
        return 0, self.latest, None, plain_batch(0, values, topic, partition)

    def committed(self, group, topic, partition):
        return -1


def wait(max_wait_ms):
    """An empty fetch waits as a real broker does (bounded), so that clients do not spin."""
    time.sleep(min(max(max_wait_ms, 0), 1000) / 1000)


class BaseOffsetMax(Scenario):
    latest = 10

    def __init__(self):
        payload = b"".join(record(i, None, b'{"n":%d}' % i) for i in range(4))
        self.batch = batch(INT64_MAX, payload, 4, last_offset_delta=3)

    def fetch(self, topic, partition, offset, max_wait):
        return 0, self.latest, None, self.batch


class ExtremeOffsets(Scenario):
    topics = {"T": [0, 1]}
    earliest = INT64_MIN
    latest = INT64_MAX
    groups = ["g"]

    def list_offset(self, topic, partition, timestamp):
        if timestamp in (-1, -2):
            return super().list_offset(topic, partition, timestamp)
        return 0, INT64_MIN, INT64_MAX

    def fetch(self, topic, partition, offset, max_wait):
        wait(max_wait)
        return 0, INT64_MAX, None, b""

    def committed(self, group, topic, partition):
        return 0


class DuplicatePartition(Scenario):
    topics = {"T": [0, 1]}

    def metadata_partitions(self, topic):
        return [0, 0, 1]


class NeverAdvances(Scenario):
    latest = 10

    def __init__(self):
        self.batch = plain_batch(0, [b'{"n":0}', b'{"n":1}'], "T", 0)

    def fetch(self, topic, partition, offset, max_wait):
        return 0, self.latest, None, self.batch


class FetchError(Scenario):
    latest = 10

    def __init__(self, error):
        self.error = error

    def fetch(self, topic, partition, offset, max_wait):
        return self.error, -1, None, b""


class AbortedMillion(Scenario):
    def __init__(self):
        # Distinct producers, first offsets spread over the partition (0..2) and far beyond it.
        self.aborted = struct.pack(">i", 1000000) + b"".join(
            struct.pack(">qq", 1000 + i, i % 3 if i % 2 else i) for i in range(1000000))

    def fetch(self, topic, partition, offset, max_wait):
        error, high, _, records = super().fetch(topic, partition, offset, max_wait)
        return error, high, (self.aborted if records else None), records


class ZstdBomb(Scenario):
    # HOSTILE_ZSTD="BATCHES,RECORDS,BYTES" shrinks the bomb (for trying a client by hand).
    batches_per_fetch, records_per_batch, record_bytes = (
        int(part) for part in os.environ.get("HOSTILE_ZSTD", "40,12,%d" % (4 * 1024 * 1024)).split(","))

    def __init__(self):
        try:
            import zstandard
        except ImportError:
            sys.stderr.write("hostile_kafka.py: zstd-bomb needs the python module zstandard (pip install zstandard)\n")
            sys.exit(4)
        self.latest = self.batches_per_fetch * self.records_per_batch
        filler = b'{"pad":"' + b"0" * (self.record_bytes - 10) + b'"}'
        plain = b"".join(record(i, None, filler) for i in range(self.records_per_batch))
        compressed = zstandard.ZstdCompressor(level=3).compress(plain)
        del plain
        self.template = batch(0, compressed, self.records_per_batch, attributes=4)

    def fetch(self, topic, partition, offset, max_wait):
        step = self.records_per_batch
        start = max(0, offset) // step * step
        if start >= self.latest:
            wait(max_wait)
            return 0, self.latest, None, b""
        bases = range(start, min(self.latest, start + step * self.batches_per_fetch), step)
        return 0, self.latest, None, b"".join(rebase(self.template, base) for base in bases)


SCENARIOS = {
    "base-offset-max": BaseOffsetMax,
    "extreme-offsets": ExtremeOffsets,
    "duplicate-partition": DuplicatePartition,
    "never-advances": NeverAdvances,
    "retriable-forever": lambda: FetchError(3),
    "leader-not-available": lambda: FetchError(5),
    "aborted-million": AbortedMillion,
    "long-name": Scenario,
    "zstd-bomb": ZstdBomb,
}

# --- the broker ---------------------------------------------------------------------------------

API_VERSIONS = [(18, 0, 0), (3, 1, 1), (2, 1, 1), (1, 4, 4), (10, 0, 0), (16, 0, 0), (15, 0, 0), (9, 1, 1)]
UNKNOWN_TOPIC = 3

def handle(scenario, port, api, version, body):
    """The response body for one request, or None to drop the connection."""
    reader = Reader(body)
    if api == 18:
        if version != 0:
            return struct.pack(">hi", 35, 0)
        return struct.pack(">h", 0) + array(struct.pack(">hhh", *entry) for entry in API_VERSIONS)
    if api == 3 and version == 1:
        asked = reader.array(lambda r: r.nullable_string())
        names = sorted(scenario.topics) if asked is None else asked
        topics = []
        for name in names:
            if name in scenario.topics:
                partitions = [struct.pack(">hii", 0, index, 0) + array([struct.pack(">i", 0)]) + array([struct.pack(">i", 0)])
                              for index in scenario.metadata_partitions(name)]
                topics.append(struct.pack(">h", 0) + string(name) + b"\x00" + array(partitions))
            else:
                topics.append(struct.pack(">h", UNKNOWN_TOPIC) + string(name) + b"\x00" + array([]))
        broker = struct.pack(">i", 0) + string("127.0.0.1") + struct.pack(">i", port) + nullable_string(None)
        return array([broker]) + struct.pack(">i", 0) + array(topics)
    if api == 2 and version == 1:
        reader.int32()  # replica
        asked = reader.array(lambda r: (r.nullable_string(), r.array(lambda p: (p.int32(), p.int64()))))
        topics = []
        for name, partitions in asked or []:
            answers = []
            for partition, timestamp in partitions or []:
                if name in scenario.topics and partition in scenario.topics[name]:
                    error, found_timestamp, offset = scenario.list_offset(name, partition, timestamp)
                else:
                    error, found_timestamp, offset = UNKNOWN_TOPIC, -1, -1
                answers.append(struct.pack(">ihqq", partition, error, found_timestamp, offset))
            topics.append(string(name) + array(answers))
        return array(topics)
    if api == 1 and version == 4:
        reader.int32()  # replica
        max_wait = reader.int32()
        reader.int32(); reader.int32(); reader.int8()
        asked = reader.array(lambda r: (r.nullable_string(), r.array(lambda p: (p.int32(), p.int64(), p.int32()))))
        topics = []
        waited = False
        for name, partitions in asked or []:
            answers = []
            for partition, offset, _ in partitions or []:
                if name in scenario.topics and partition in scenario.topics[name]:
                    # Only the first empty answer of a response waits.
                    error, high, aborted, records = scenario.fetch(name, partition, offset, 0 if waited else max_wait)
                    waited = waited or not records
                else:
                    error, high, aborted, records = UNKNOWN_TOPIC, -1, None, b""
                answers.append(struct.pack(">ihqq", partition, error, high, high) + (aborted or struct.pack(">i", -1))
                               + struct.pack(">i", len(records)) + records)
            topics.append(string(name) + array(answers))
        return struct.pack(">i", 0) + array(topics)
    if api == 10 and version == 0:
        return struct.pack(">hi", 0, 0) + string("127.0.0.1") + struct.pack(">i", port)
    if api == 16 and version == 0:
        return struct.pack(">h", 0) + array(string(group) + string("consumer") for group in scenario.groups)
    if api == 15 and version == 0:
        asked = reader.array(lambda r: r.nullable_string()) or []
        return array(struct.pack(">h", 0 if group in scenario.groups else 69) + string(group) + string("Empty")
                     + string("consumer") + string("") + array([]) for group in asked)
    if api == 9 and version == 1:
        group = reader.nullable_string()
        asked = reader.array(lambda r: (r.nullable_string(), r.array(lambda p: p.int32())))
        if asked is None:
            asked = [(name, scenario.topics[name]) for name in sorted(scenario.topics)]
        topics = []
        for name, partitions in asked:
            answers = [struct.pack(">iq", partition, scenario.committed(group, name, partition)) + nullable_string("") + struct.pack(">h", 0)
                       for partition in sorted(set(partitions or []))]
            topics.append(string(name) + array(answers))
        return array(topics)
    return None

def read_exactly(connection, count):
    data = bytearray()
    while len(data) < count:
        chunk = connection.recv(min(count - len(data), 1 << 20))
        if not chunk:
            raise ConnectionError
        data += chunk
    return bytes(data)

def serve(connection, scenario, port):
    connection.settimeout(120)
    for _ in range(MAX_REQUESTS_PER_CONNECTION):
        size = struct.unpack(">i", read_exactly(connection, 4))[0]
        if size < 10 or size > MAX_FRAME:
            return
        request = read_exactly(connection, size)
        api, version, correlation, client_length = struct.unpack(">hhih", request[:10])
        body = request[10 + max(client_length, 0):]
        if api == 18 and version >= 3:
            body = body[1:]  # request header v2: an empty tagged-field block
        response = handle(scenario, port, api, version, body)
        if response is None:
            return
        frame = struct.pack(">i", correlation) + response
        connection.sendall(struct.pack(">i", len(frame)) + frame)

def main():
    if len(sys.argv) != 3 or sys.argv[1] not in SCENARIOS:
        sys.stderr.write("usage: hostile_kafka.py {%s} PORT\n" % "|".join(SCENARIOS))
        sys.exit(2)
    scenario = SCENARIOS[sys.argv[1]]()
    fake_server.serve_forever(
        int(sys.argv[2]), lambda connection, port: serve(connection, scenario, port),
        lifetime=LIFETIME_SECONDS, max_connections=MAX_CONNECTIONS)

main()
