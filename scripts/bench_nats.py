"""Benchmark helpers on nats-py: fill a stream, and the reference reader.

  bench_nats.py fill SERVER STREAM COUNT SIZE   creates STREAM (subject STREAM.>), core-publishes COUNT
                                                 messages of SIZE bytes with a flush every 50k, then polls
                                                 stream info until all are stored
  bench_nats.py consume SERVER STREAM COUNT      nats-py's ordered push consumer with a counting callback (the
                                                 fastest idiomatic nats-py reader); prints msg/s
"""
import asyncio, sys, time

import nats
from nats.js import api


async def main():
    command, server, stream, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    nc = await nats.connect(f"nats://{server}")
    js = nc.jetstream()
    if command == "fill":
        size = int(sys.argv[5])
        await js.add_stream(api.StreamConfig(name=stream, subjects=[f"{stream}.>"], storage=api.StorageType.FILE))
        for index in range(count):
            body = b'{"order":%09d,"pad":"' % index
            await nc.publish(f"{stream}.o{index % 1000}", body + b"x" * (size - len(body) - 2) + b'"}')
            if index % 50_000 == 49_999:
                await nc.flush()
        await nc.flush()
        deadline = time.monotonic() + 300
        while (await js.stream_info(stream)).state.messages < count:
            if time.monotonic() > deadline:
                raise SystemExit("fill: not every message was stored")
            await asyncio.sleep(0.1)
    elif command == "consume":
        done, seen = asyncio.Event(), 0

        async def counted(msg):
            nonlocal seen
            seen += 1
            if seen >= count:
                done.set()

        started = time.perf_counter()
        sub = await js.subscribe(f"{stream}.>", stream=stream, cb=counted, ordered_consumer=True)
        await done.wait()
        elapsed = time.perf_counter() - started
        await sub.unsubscribe()
        print(f"{seen / elapsed:.0f}")
    await nc.close()


asyncio.run(main())
