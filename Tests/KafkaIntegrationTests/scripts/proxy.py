"""A loopback TCP proxy that can play a broker restart, and a broker whose answers get lost.

On SIGUSR1 it drops every connection and refuses new ones for OUTAGE seconds, then accepts
again. SIGUSR2 toggles a black hole for Produce answers: while it is on, Produce requests still
reach the broker (which stores the messages) but their answers never reach the client, the way
a network partition right after sending looks to a producer. Other answers (metadata, fetches)
pass, so a client can find the leader and be left waiting only for its Produce.

usage: proxy.py LISTEN_PORT TARGET_PORT OUTAGE_SECONDS
prints "ready" once listening, "accepted" per connection, "dropped"/"resumed" around an outage,
"blackhole on"/"blackhole off" on SIGUSR2, "swallowed CORRELATION_ID" per answer held back.
"""
import asyncio, os, signal, struct, sys

PRODUCE = 0
listen_port, target_port, outage = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
connections = set()
server = None
blackhole = False

async def frames(reader):
    """Kafka frames (a 4-byte size, then that many bytes), whole, until the connection ends."""
    while True:
        size = await reader.readexactly(4)
        yield size + await reader.readexactly(struct.unpack(">i", size)[0])

async def pipe(reader, writer, inspect):
    # Frame by frame rather than chunk by chunk: an answer is only recognisable whole.
    try:
        async for frame in frames(reader):
            if inspect(frame):
                writer.write(frame)
                await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
        pass
    finally:
        writer.close()

async def handle(client_reader, client_writer):
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", target_port)
    except OSError:
        client_writer.close()
        return
    pair = (client_writer, upstream_writer)
    connections.add(pair)
    print("accepted", flush=True)
    # Correlation ids of this connection's Produce requests sent into the black hole.
    unanswered = set()

    def request(frame):
        # Request header: size, int16 api_key, int16 api_version, int32 correlation_id.
        api_key, _, correlation = struct.unpack(">hhi", frame[4:12])
        if blackhole and api_key == PRODUCE:
            unanswered.add(correlation)
        return True

    def answer(frame):
        # Response header: size, int32 correlation_id.
        correlation = struct.unpack(">i", frame[4:8])[0]
        if correlation in unanswered:
            print("swallowed", correlation, flush=True)
            return False
        return True

    try:
        await asyncio.gather(
            pipe(client_reader, upstream_writer, request), pipe(upstream_reader, client_writer, answer))
    finally:
        connections.discard(pair)

async def listen():
    global server
    server = await asyncio.start_server(handle, "127.0.0.1", listen_port, reuse_address=True)

async def outage_now():
    server.close()
    for pair in list(connections):
        for writer in pair:
            writer.transport.abort()
    connections.clear()
    print("dropped", flush=True)
    await asyncio.sleep(outage)
    await listen()
    print("resumed", flush=True)

def toggle_blackhole():
    global blackhole
    blackhole = not blackhole
    print("blackhole", "on" if blackhole else "off", flush=True)

async def orphan_watch():
    # Ends with the test that started it, even if that test crashed.
    parent = os.getppid()
    while os.getppid() == parent:
        await asyncio.sleep(1)
    os._exit(0)

async def main():
    await listen()
    asyncio.ensure_future(orphan_watch())
    loop = asyncio.get_running_loop()
    # A parent may have spawned us with the signals blocked; children inherit the mask.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1, signal.SIGUSR2])
    loop.add_signal_handler(signal.SIGUSR1, lambda: asyncio.ensure_future(outage_now()))
    loop.add_signal_handler(signal.SIGUSR2, toggle_blackhole)
    print("ready", flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
