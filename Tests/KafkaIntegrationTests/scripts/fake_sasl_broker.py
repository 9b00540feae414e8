"""A fake Kafka broker for the SASL PLAIN path: answers ApiVersions v3 with UNSUPPORTED_VERSION
(so the client falls back to v0), takes PLAIN in SaslHandshake, and rejects every
SaslAuthenticate with a message naming the credentials it received.

usage: fake_sasl_broker.py PORT   (0: any free port; prints "ready PORT" once listening; serves until killed or orphaned)
"""
import os, socket, struct, sys, threading, time

def read_exactly(connection, count):
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise ConnectionError
        data += chunk
    return data

def reply(connection, correlation, body):
    frame = struct.pack(">i", correlation) + body
    connection.sendall(struct.pack(">i", len(frame)) + frame)

def serve(connection):
    try:
        while True:
            size = struct.unpack(">i", read_exactly(connection, 4))[0]
            request = read_exactly(connection, size)
            api, version, correlation, client_length = struct.unpack(">hhih", request[:10])
            body = request[10 + max(client_length, 0):]
            if api == 18:
                if version > 0:
                    reply(connection, correlation, struct.pack(">hi", 35, 0))
                else:
                    keys = [(18, 0, 3), (17, 1, 1), (36, 0, 1), (3, 0, 12)]
                    reply(connection, correlation, struct.pack(">hi", 0, len(keys)) + b"".join(struct.pack(">hhh", *k) for k in keys))
            elif api == 17:
                reply(connection, correlation, struct.pack(">hi", 0, 1) + struct.pack(">h", 5) + b"PLAIN")
            elif api == 36:
                length = struct.unpack(">i", body[:4])[0]
                _, user, password = body[4:4 + length].split(b"\0")
                message = b"rejected " + user + b"/" + password
                reply(connection, correlation, struct.pack(">hh", 58, len(message)) + message + struct.pack(">iq", 0, 0))
            else:
                return
    except (ConnectionError, ValueError):
        pass
    finally:
        connection.close()

server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen()
parent = os.getppid()
threading.Thread(target=lambda: (time.sleep(0), [time.sleep(1) for _ in iter(lambda: os.getppid() == parent, False)], os._exit(0)), daemon=True).start()
print("ready", server.getsockname()[1], flush=True)
while True:
    connection, _ = server.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
