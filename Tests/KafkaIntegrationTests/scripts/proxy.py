"""A loopback TCP proxy that can play a broker restart: on SIGUSR1 it drops every connection
and refuses new ones for OUTAGE seconds, then accepts again.

usage: proxy.py LISTEN_PORT TARGET_PORT OUTAGE_SECONDS   (prints "ready" once listening)
"""
import asyncio, os, signal, sys

listen_port, target_port, outage = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
connections = set()
server = None

async def pipe(reader, writer):
    try:
        while data := await reader.read(1 << 16):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
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
    try:
        await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))
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
    # A parent may have spawned us with SIGUSR1 blocked; children inherit the mask.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
    loop.add_signal_handler(signal.SIGUSR1, lambda: asyncio.ensure_future(outage_now()))
    print("ready", flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
