"""The listening part every scripted fake server of the integration tests shares
(Tests/*IntegrationTests/scripts/hostile_*.py): loopback only, "ready PORT" on stdout once
listening, a thread per connection, and an end that never depends on the test: the server
exits when its parent dies, after `lifetime` seconds, or after `max_connections`.

    import fake_server
    fake_server.serve_forever(port, handle)   # handle(connection, port) speaks the protocol

The connection is closed after `handle` returns or raises one of the errors a peer that goes
away causes (and the malformed-input errors a fake's own parsing raises). `CRLFReader` reads the
CRLF-framed requests of the text protocols (RESP, NATS).
"""
import os, socket, struct, threading, time

PEER_ERRORS = (ConnectionError, OSError, ValueError, IndexError, struct.error, UnicodeDecodeError)


def serve_forever(port, handle, lifetime=300, max_connections=10_000, backlog=16):
    parent, started = os.getppid(), time.monotonic()

    def watchdog():
        while os.getppid() == parent and time.monotonic() - started < lifetime:
            time.sleep(0.5)
        os._exit(0)

    def serve(connection, bound):
        try:
            handle(connection, bound)
        except PEER_ERRORS:
            pass
        finally:
            try:
                connection.close()
            except OSError:
                pass

    threading.Thread(target=watchdog, daemon=True).start()
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(backlog)
    bound = server.getsockname()[1]
    print("ready", bound, flush=True)
    for _ in range(max_connections):
        connection, _ = server.accept()
        threading.Thread(target=serve, args=(connection, bound), daemon=True).start()
    os._exit(0)


class CRLFReader:
    """A connection's bytes as CRLF lines and counted payloads (each followed by CRLF); a line
    longer than 1 MiB, or the peer closing, ends the connection."""

    def __init__(self, connection):
        self.connection = connection
        self.buffer = b""

    def fill(self):
        data = self.connection.recv(65536)
        if not data:
            raise ConnectionError("closed")
        self.buffer += data

    def line(self):
        while b"\r\n" not in self.buffer:
            if len(self.buffer) > 1 << 20:
                raise ConnectionError("line too long")
            self.fill()
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def exactly(self, count):
        while len(self.buffer) < count + 2:
            self.fill()
        data, self.buffer = self.buffer[:count], self.buffer[count + 2:]
        return data
