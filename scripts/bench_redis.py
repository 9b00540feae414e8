"""Benchmark helpers on redis-py (+hiredis): fill a stream, and the reference reader.

  bench_redis.py fill HOST:PORT STREAM COUNT SIZE   appends COUNT entries with one field `data` of SIZE bytes
  bench_redis.py fill-json HOST:PORT STREAM COUNT SIZE
                                                    the same with one field `payload` holding a JSON object
                                                    of about SIZE bytes (evmon then shows the JSON itself)
  bench_redis.py read HOST:PORT STREAM COUNT        reads the stream with XRANGE COUNT 1000 pages (RESP3); prints entries/s
"""
import sys, time
import redis
from redis.utils import HIREDIS_AVAILABLE

command, address, stream, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
host, port = address.rsplit(":", 1)
client = redis.Redis(host=host, port=int(port), protocol=3)

def json_payload(index, size):
    """An OrderCreated event padded to about `size` bytes with a note."""
    head = b'{"type":"OrderCreated","event_id":"e-%09d","order_id":%d,"items":[{"sku":"SKU-1030","quantity":2,"price":12.5}],"note":"' % (index, index)
    return head + b"n" * max(0, size - len(head) - 2) + b'"}'


if command in ("fill", "fill-json"):
    size = int(sys.argv[5])
    client.delete(stream)
    pad = b"x" * size
    for start in range(0, count, 10_000):
        pipe = client.pipeline(transaction=False)
        for index in range(start, min(count, start + 10_000)):
            if command == "fill-json":
                pipe.xadd(stream, {"payload": json_payload(index, size)})
            else:
                # 190 bytes: a recognisable counter, then padding (not JSON, so evmon shows {"data": …}).
                pipe.xadd(stream, {"data": (b"order-%09d:" % index + pad)[:size]})
        pipe.execute()
    written = client.xlen(stream)
    if written != count:
        raise SystemExit(f"fill: the stream holds {written} entries, not {count}")
elif command == "read":
    if not HIREDIS_AVAILABLE:
        raise SystemExit("read: hiredis is not installed; the reference reader is redis-py with hiredis")
    seen, start = 0, "-"
    started = time.perf_counter()
    while True:
        batch = client.xrange(stream, min=start, max="+", count=1000)
        if not batch:
            break
        for entry_id, fields in batch:
            seen += 1
        start = b"(" + batch[-1][0]
    elapsed = time.perf_counter() - started
    if seen != count:
        raise SystemExit(f"read: saw {seen} entries, not {count}")
    print(f"{seen / elapsed:.0f}")
