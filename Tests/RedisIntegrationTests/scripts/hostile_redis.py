"""A scripted hostile Redis server: speaks just enough RESP3 (HELLO, SELECT, CLIENT, PING, SCAN,
TYPE, XINFO, XRANGE, XREVRANGE, XREAD, XPENDING) for evmon to reach the scenario's lie.

usage: hostile_redis.py SCENARIO PORT [COUNT]
  (PORT 0: any free port; prints "ready PORT" once listening; loopback only; exits when its
  parent dies, and after 5 minutes in any case; HOSTILE_LOG=1 prints each command on stderr)

Unless a scenario says otherwise there is one stream `s` of five entries 1-0 … 5-0 (fields
`n` = the number) and no groups.

scenarios:
  plain            nothing hostile: checks that the fake itself is sound.
  scan-cycle       SCAN answers cursor "7" (never "0") with the key `s`, forever.
  lag-min          XINFO GROUPS s: one group `g` with lag -9223372036854775808 and
                   entries-read 9223372036854775807, pending 0, last-delivered-id 5-0.
  huge-aggregate   XRANGE answers `*COUNT` (default 2147483647) and then entries, as fast as the
                   socket takes them, for 60 s at most.
  xpending-repeat  group `g` with pending entries; XPENDING (extended form) answers as many rows
                   as asked (1-0, 2-0, … delivered 5 times) whatever start id is asked, so a
                   client paging by the last id never gets a short page; XRANGE id id answers an
                   entry for any id.
  xinfo-extreme    XINFO STREAM: length and entries-added 9223372036854775807, first-entry
                   18446744073709551615-18446744073709551615, last-entry 0-0; XRANGE and
                   XREVRANGE answer empty arrays.
"""
import os, socket, sys, threading, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts"))
import fake_server  # noqa: E402  (the repository's scripts folder)

SCENARIO = sys.argv[1]
PORT = int(sys.argv[2])
COUNT = int(sys.argv[3]) if len(sys.argv) > 3 else 2147483647
SCENARIOS = {"plain", "scan-cycle", "lag-min", "huge-aggregate", "xpending-repeat", "xinfo-extreme"}
if SCENARIO not in SCENARIOS:
    sys.exit("unknown scenario %r (one of %s)" % (SCENARIO, ", ".join(sorted(SCENARIOS))))

INT64_MAX = 9223372036854775807
INT64_MIN = -9223372036854775808
UINT64_MAX_ID = b"18446744073709551615-18446744073709551615"
LIFETIME = 300
LOG = os.environ.get("HOSTILE_LOG") == "1"  # each command received, on stderr

# --- RESP3 encoding -------------------------------------------------------------------------

def b(value):
    return value if isinstance(value, bytes) else str(value).encode()

def bulk(value):
    value = b(value)
    return b"$%d\r\n%s\r\n" % (len(value), value)

def integer(value):
    return b":%d\r\n" % value

def array(items):
    return b"*%d\r\n" % len(items) + b"".join(items)

def rmap(pairs):
    return b"%%%d\r\n" % len(pairs) + b"".join(bulk(key) + value for key, value in pairs)

NULL = b"_\r\n"
OK = b"+OK\r\n"

def error(text):
    return b"-" + b(text) + b"\r\n"

# --- the default stream ---------------------------------------------------------------------

def entry(ms, seq=0, field=b"n", value=None):
    return array([bulk(b"%d-%d" % (ms, seq)), array([bulk(field), bulk(value if value is not None else b"%d" % ms)])])

ENTRIES = [(ms, 0) for ms in range(1, 6)]

def parse_id(text, low):
    """A range bound: '-', '+', 'ms', 'ms-seq', optionally '(' exclusive. Returns (id, exclusive)."""
    text = text.decode()
    exclusive = text.startswith("(")
    if exclusive:
        text = text[1:]
    if text == "-":
        return (0, 0), False
    if text == "+":
        return (2**64 - 1, 2**64 - 1), False
    if "-" in text:
        ms, seq = text.split("-", 1)
        return (int(ms), int(seq)), exclusive
    return (int(text), 0 if low else 2**64 - 1), exclusive

def in_range(identifier, start, end):
    (low, low_exclusive), (high, high_exclusive) = start, end
    if identifier < low or (low_exclusive and identifier == low):
        return False
    if identifier > high or (high_exclusive and identifier == high):
        return False
    return True

def count_option(args):
    upper = [a.upper() for a in args]
    if b"COUNT" in upper:
        return int(args[upper.index(b"COUNT") + 1])
    return None

def stream_info():
    if SCENARIO == "xinfo-extreme":
        return rmap([
            (b"length", integer(INT64_MAX)),
            (b"radix-tree-keys", integer(1)),
            (b"radix-tree-nodes", integer(2)),
            (b"last-generated-id", bulk(UINT64_MAX_ID)),
            (b"max-deleted-entry-id", bulk(b"0-0")),
            (b"entries-added", integer(INT64_MAX)),
            (b"recorded-first-entry-id", bulk(UINT64_MAX_ID)),
            (b"groups", integer(0)),
            (b"first-entry", array([bulk(UINT64_MAX_ID), array([bulk(b"n"), bulk(b"first")])])),
            (b"last-entry", array([bulk(b"0-0"), array([bulk(b"n"), bulk(b"last")])])),
        ])
    groups = 1 if SCENARIO in ("lag-min", "xpending-repeat") else 0
    return rmap([
        (b"length", integer(len(ENTRIES))),
        (b"radix-tree-keys", integer(1)),
        (b"radix-tree-nodes", integer(2)),
        (b"last-generated-id", bulk(b"5-0")),
        (b"max-deleted-entry-id", bulk(b"0-0")),
        (b"entries-added", integer(len(ENTRIES))),
        (b"recorded-first-entry-id", bulk(b"1-0")),
        (b"groups", integer(groups)),
        (b"first-entry", entry(1)),
        (b"last-entry", entry(5)),
    ])

def groups_info():
    if SCENARIO == "lag-min":
        return array([rmap([
            (b"name", bulk(b"g")),
            (b"consumers", integer(1)),
            (b"pending", integer(0)),
            (b"last-delivered-id", bulk(b"5-0")),
            (b"entries-read", integer(INT64_MAX)),
            (b"lag", integer(INT64_MIN)),
        ])])
    if SCENARIO == "xpending-repeat":
        return array([rmap([
            (b"name", bulk(b"g")),
            (b"consumers", integer(1)),
            (b"pending", integer(100)),
            (b"last-delivered-id", bulk(b"5-0")),
            (b"entries-read", integer(5)),
            (b"lag", integer(0)),
        ])])
    return array([])

# --- commands -------------------------------------------------------------------------------

def xrange(args, reverse):
    key = args[0]
    if key != b"s":
        return array([])
    if SCENARIO == "xinfo-extreme":
        return array([])
    if reverse:
        end, start = parse_id(args[1], False), parse_id(args[2], True)
    else:
        start, end = parse_id(args[1], True), parse_id(args[2], False)
    if SCENARIO == "xpending-repeat" and not args[1].startswith(b"(") and args[1] == args[2] and args[1] not in (b"-", b"+"):
        # XRANGE s id id: an entry for whatever id the (lying) XPENDING named.
        identifier, _ = start
        return array([entry(identifier[0], identifier[1], b"v", b"pending-%d" % identifier[0])])
    found = [e for e in ENTRIES if in_range(e, start, end)]
    if reverse:
        found.reverse()
    count = count_option(args)
    if count is not None:
        found = found[:count]
    return array([entry(ms, seq) for ms, seq in found])

def xread(args, connection):
    upper = [a.upper() for a in args]
    block = int(args[upper.index(b"BLOCK") + 1]) if b"BLOCK" in upper else None
    rest = args[upper.index(b"STREAMS") + 1:]
    half = len(rest) // 2
    result = []
    for key, after in zip(rest[:half], rest[half:]):
        if key != b"s" or SCENARIO == "xinfo-extreme":
            continue
        low = parse_id(after, True)[0]
        found = [e for e in ENTRIES if e > low]
        if found:
            result.append((key, array([entry(ms, seq) for ms, seq in found])))
    if not result:
        if block is not None:
            time.sleep(min(block, 2000) / 1000)
        return NULL
    return rmap(result)

def xpending(args):
    # XPENDING key group [[IDLE ms] start end count [consumer]]
    if SCENARIO != "xpending-repeat" or len(args) < 2 or args[0] != b"s":
        if len(args) <= 2:
            return array([integer(0), NULL, NULL, NULL])
        return array([])
    rest = args[2:]
    if rest and rest[0].upper() == b"IDLE":
        rest = rest[2:]
    if len(rest) < 3:
        # Summary form.
        return array([integer(100), bulk(b"1-0"), bulk(b"100-0"), array([array([bulk(b"worker"), bulk(b"100")])])])
    count = max(0, min(int(rest[2]), 100000))
    # The same rows whatever the start: 1-0 … count-0, never a short page.
    return array([array([bulk(b"%d-0" % n), bulk(b"worker"), integer(60000), integer(5)]) for n in range(1, count + 1)])

def hello():
    return rmap([
        (b"server", bulk(b"redis")),
        (b"version", bulk(b"7.2.0")),
        (b"proto", integer(3)),
        (b"id", integer(7)),
        (b"mode", bulk(b"standalone")),
        (b"role", bulk(b"master")),
        (b"modules", array([])),
    ])

def huge_aggregate(connection):
    """`*COUNT` and then stream entries for as long as the client reads (60 s at most)."""
    connection.sendall(b"*%d\r\n" % COUNT)
    chunk = b"*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nx\r\n" * 32768  # about 1 MB
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        connection.sendall(chunk)
    raise ConnectionError("huge aggregate: time is up")

def answer(command, connection):
    name = command[0].upper()
    args = command[1:]
    if name == b"HELLO":
        return hello()
    if name in (b"SELECT", b"AUTH"):
        return OK
    if name == b"CLIENT":
        return OK
    if name == b"PING":
        return b"+PONG\r\n"
    if name == b"SCAN":
        if SCENARIO == "scan-cycle":
            return array([bulk(b"7"), array([bulk(b"s")])])
        return array([bulk(b"0"), array([bulk(b"s")])])
    if name == b"TYPE":
        return b"+stream\r\n" if args and args[0] == b"s" else b"+none\r\n"
    if name == b"XINFO":
        sub = args[0].upper() if args else b""
        key = args[1] if len(args) > 1 else b""
        if key != b"s":
            return error("ERR no such key")
        if sub == b"STREAM":
            return stream_info()
        if sub == b"GROUPS":
            return groups_info()
        if sub == b"CONSUMERS":
            return array([])
        return error("ERR unknown XINFO subcommand")
    if name == b"XRANGE":
        if SCENARIO == "huge-aggregate" and args and args[0] == b"s":
            huge_aggregate(connection)
        return xrange(args, reverse=False)
    if name == b"XREVRANGE":
        return xrange(args, reverse=True)
    if name == b"XREAD":
        return xread(args, connection)
    if name == b"XPENDING":
        return xpending(args)
    return error("ERR unknown command '%s'" % name.decode(errors="replace"))

# --- RESP request reading -------------------------------------------------------------------

class Reader(fake_server.CRLFReader):
    def command(self):
        line = self.line()
        if not line.startswith(b"*"):
            return line.split()  # inline command
        parts = []
        for _ in range(int(line[1:])):
            header = self.line()
            if not header.startswith(b"$"):
                raise ConnectionError("bad request")
            parts.append(self.exactly(int(header[1:])))
        return parts

def handle(connection, port):
    reader = Reader(connection)
    while True:
        command = reader.command()
        if not command:
            continue
        if LOG:
            sys.stderr.write(" ".join(part.decode(errors="replace") for part in command)[:200] + "\n")
        connection.sendall(answer(command, connection))


fake_server.serve_forever(PORT, handle, lifetime=LIFETIME)
