"""A scripted hostile NATS server: the client protocol (INFO, CONNECT, PING/PONG, SUB, UNSUB, PUB,
HPUB, MSG, HMSG) and just enough of the JetStream API on `$JS.API.*` (INFO, STREAM.NAMES,
STREAM.LIST, STREAM.INFO, CONSUMER.LIST, CONSUMER.CREATE, CONSUMER.DELETE, STREAM.MSG.GET) for
evmon to reach the scenario's lie.

usage: hostile_nats.py SCENARIO PORT
  (PORT 0: any free port; prints "ready PORT" once listening; loopback only; exits when its
  parent dies, and after 5 minutes in any case; HOSTILE_LOG=1 prints each client operation on
  stderr)

Unless a scenario says otherwise there is one stream ORDERS (subjects orders.>) holding
sequences 1 … 5, with no consumers, and a consumer evmon creates is delivered those five
messages in order.

scenarios:
  plain          nothing hostile: checks that the fake itself is sound.
  last-seq-max   ORDERS' state: first_seq 1, last_seq, messages and bytes 18446744073709551615;
                 CONSUMER.LIST: one durable `worker` with ack_floor stream_seq 0 and num_pending
                 18446744073709551615.
  lag-overflow   the same extremes within the signed range: messages 9223372036854775807,
                 last_seq 18446744073709551615; `worker` has num_pending and num_ack_pending
                 9223372036854775807 each (their sum overflows Int64).
  payload-bomb   INFO advertises max_payload 4611686018427387904 (2^62); once a consumer is
                 created, its deliver subject gets `MSG … 200000000` (200 MB declared) and then
                 the payload's bytes, as fast as the socket takes them (60 s at most).
  lying-total    STREAM.NAMES and STREAM.LIST answer total 1000000, the offset asked, limit 1 and
                 always the same one stream ORDERS.
  status-loop    every consumer created gets, instead of messages, `HMSG` with the status line
                 `NATS/1.0 409 Consumer Deleted` on its deliver subject, again and again.
"""
import json, os, socket, sys, threading, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts"))
import fake_server  # noqa: E402  (the repository's scripts folder)

SCENARIO = sys.argv[1]
PORT = int(sys.argv[2])
SCENARIOS = {"plain", "last-seq-max", "lag-overflow", "payload-bomb", "lying-total", "status-loop"}
if SCENARIO not in SCENARIOS:
    sys.exit("unknown scenario %r (one of %s)" % (SCENARIO, ", ".join(sorted(SCENARIOS))))

UINT64_MAX = 18446744073709551615
INT64_MAX = 9223372036854775807
LIFETIME = 300
LOG = os.environ.get("HOSTILE_LOG") == "1"
NOW = "2024-05-01T12:00:00.000000000Z"
NOW_NS = 1714564800000000000
BOMB_SIZE = 200_000_000


def info(port):
    return {
        "server_id": "NHOSTILE", "server_name": "hostile", "version": "2.10.7", "proto": 1, "go": "go1.21",
        "host": "127.0.0.1", "port": port, "headers": True,
        "max_payload": 4611686018427387904 if SCENARIO == "payload-bomb" else 1048576,
        "jetstream": True, "client_id": 1, "client_ip": "127.0.0.1",
    }


def stream_state():
    if SCENARIO == "last-seq-max":
        return {"messages": UINT64_MAX, "bytes": UINT64_MAX, "first_seq": 1, "first_ts": NOW,
                "last_seq": UINT64_MAX, "last_ts": NOW, "consumer_count": 1}
    if SCENARIO == "lag-overflow":
        return {"messages": INT64_MAX, "bytes": UINT64_MAX, "first_seq": 1, "first_ts": NOW,
                "last_seq": UINT64_MAX, "last_ts": NOW, "consumer_count": 1}
    return {"messages": 5, "bytes": 500, "first_seq": 1, "first_ts": NOW, "last_seq": 5, "last_ts": NOW, "consumer_count": 0}


def stream_info():
    return {
        "type": "io.nats.jetstream.api.v1.stream_info_response", "created": NOW,
        "config": {"name": "ORDERS", "subjects": ["orders.>"], "retention": "limits", "max_consumers": -1,
                   "max_msgs": -1, "max_bytes": -1, "max_age": 0, "max_msg_size": -1, "storage": "file",
                   "discard": "old", "num_replicas": 1, "duplicate_window": 120000000000},
        "state": stream_state(),
    }


def durable():
    pending = {"last-seq-max": UINT64_MAX, "lag-overflow": INT64_MAX}[SCENARIO]
    return {
        "stream_name": "ORDERS", "name": "worker", "created": NOW,
        "config": {"durable_name": "worker", "name": "worker", "deliver_policy": "all", "ack_policy": "explicit",
                   "ack_wait": 30000000000, "max_deliver": -1, "replay_policy": "instant", "max_ack_pending": 1000},
        "delivered": {"consumer_seq": 0, "stream_seq": 0},
        "ack_floor": {"consumer_seq": 0, "stream_seq": 0},
        "num_ack_pending": INT64_MAX if SCENARIO == "lag-overflow" else 0,
        "num_redelivered": 0, "num_waiting": 0, "num_pending": pending,
    }


def error(code, err_code, description):
    return {"error": {"code": code, "err_code": err_code, "description": description}}


def subject_matches(pattern, subject):
    p, s = pattern.split("."), subject.split(".")
    for index, token in enumerate(p):
        if token == ">":
            return len(s) > index
        if index >= len(s) or (token != "*" and token != s[index]):
            return False
    return len(p) == len(s)


class Client(fake_server.CRLFReader):
    def __init__(self, connection):
        super().__init__(connection)
        self.lock = threading.Lock()
        self.subs = {}  # sid -> subject
        self.consumers = 0

    # --- writing ---

    def send(self, data):
        with self.lock:
            self.connection.sendall(data)

    def sid_for(self, subject):
        for sid, pattern in list(self.subs.items()):
            if subject_matches(pattern, subject):
                return sid
        return None

    def msg(self, subject, payload, reply=None):
        sid = self.sid_for(subject)
        if sid is None:
            return
        head = b"MSG %s %s %s%d\r\n" % (subject.encode(), sid.encode(), (reply.encode() + b" ") if reply else b"", len(payload))
        self.send(head + payload + b"\r\n")

    def hmsg(self, subject, sid, header_block, payload=b"", reply=None):
        head = b"HMSG %s %s %s%d %d\r\n" % (subject.encode(), sid.encode(), (reply.encode() + b" ") if reply else b"",
                                            len(header_block), len(header_block) + len(payload))
        self.send(head + header_block + payload + b"\r\n")

    # --- reading ---

    def line(self):
        return super().line().decode(errors="replace")

    def serve(self, port):
        self.send(b"INFO " + json.dumps(info(port), separators=(",", ":")).encode() + b"\r\n")
        while True:
            line = self.line()
            if LOG:
                sys.stderr.write(line[:300] + "\n")
            parts = line.split()
            if not parts:
                continue
            verb = parts[0].upper()
            if verb == "PING":
                self.send(b"PONG\r\n")
            elif verb in ("PONG", "CONNECT"):
                pass
            elif verb == "SUB":
                self.subs[parts[-1]] = parts[1]
            elif verb == "UNSUB":
                self.subs.pop(parts[1], None)
            elif verb == "PUB":
                subject, reply = parts[1], (parts[2] if len(parts) == 4 else None)
                payload = self.exactly(int(parts[-1]))
                self.published(subject, reply, payload)
            elif verb == "HPUB":
                subject, reply = parts[1], (parts[2] if len(parts) == 5 else None)
                header_length, total = int(parts[-2]), int(parts[-1])
                data = self.exactly(total)
                self.published(subject, reply, data[header_length:])
            else:
                self.send(b"-ERR 'Unknown Protocol Operation'\r\n")

    # --- JetStream ---

    def published(self, subject, reply, payload):
        if not subject.startswith("$JS.API.") or not reply:
            return
        api = subject[len("$JS.API."):]
        try:
            body = json.loads(payload) if payload.strip() else {}
        except ValueError:
            body = {}
        after = None
        if api == "INFO":
            answer = {"type": "io.nats.jetstream.api.v1.account_info_response", "memory": 0, "storage": 500,
                      "streams": 1, "consumers": 0, "limits": {"max_memory": -1, "max_storage": -1,
                                                               "max_streams": -1, "max_consumers": -1}}
        elif api == "STREAM.NAMES":
            offset = int(body.get("offset", 0) or 0)
            wanted = body.get("subject")
            if SCENARIO == "lying-total":
                answer = {"total": 1000000, "offset": offset, "limit": 1, "streams": ["ORDERS"]}
            elif wanted and not subject_matches("orders.>", wanted) and not subject_matches(wanted, "orders.x"):
                answer = {"total": 0, "offset": offset, "limit": 1024, "streams": None}
            else:
                answer = {"total": 1, "offset": offset, "limit": 1024, "streams": ["ORDERS"] if offset == 0 else []}
        elif api == "STREAM.LIST":
            offset = int(body.get("offset", 0) or 0)
            if SCENARIO == "lying-total":
                answer = {"total": 1000000, "offset": offset, "limit": 1, "streams": [stream_info()]}
            else:
                answer = {"total": 1, "offset": offset, "limit": 256, "streams": [stream_info()] if offset == 0 else []}
        elif api.startswith("STREAM.INFO."):
            answer = stream_info() if api == "STREAM.INFO.ORDERS" else error(404, 10059, "stream not found")
        elif api.startswith("CONSUMER.LIST."):
            offset = int(body.get("offset", 0) or 0)
            consumers = [durable()] if SCENARIO in ("last-seq-max", "lag-overflow") and api == "CONSUMER.LIST.ORDERS" else []
            answer = {"total": len(consumers), "offset": offset, "limit": 256, "consumers": consumers if offset == 0 else []}
        elif api.startswith("CONSUMER.CREATE.") or api.startswith("CONSUMER.DURABLE.CREATE."):
            config = body.get("config", {})
            name = config.get("name") or api.split(".")[3] if len(api.split(".")) > 3 else "evmon_x"
            deliver = config.get("deliver_subject")
            answer = {"type": "io.nats.jetstream.api.v1.consumer_create_response", "stream_name": "ORDERS",
                      "name": name, "created": NOW, "config": config,
                      "delivered": {"consumer_seq": 0, "stream_seq": 0}, "ack_floor": {"consumer_seq": 0, "stream_seq": 0},
                      "num_ack_pending": 0, "num_redelivered": 0, "num_waiting": 0, "num_pending": 5}
            if deliver:
                after = lambda: self.deliver(name, deliver, config)
        elif api.startswith("CONSUMER.DELETE."):
            answer = {"type": "io.nats.jetstream.api.v1.consumer_delete_response", "success": True}
        elif api.startswith("STREAM.MSG.GET."):
            answer = error(404, 10037, "no message found")
        else:
            answer = error(400, 10003, "not supported by this fake")
        self.msg(reply, json.dumps(answer, separators=(",", ":")).encode())
        if after:
            threading.Thread(target=self.guarded, args=(after,), daemon=True).start()

    def guarded(self, body):
        try:
            body()
        except (ConnectionError, OSError):
            pass

    def deliver(self, name, deliver, config):
        self.consumers += 1
        time.sleep(0.05)  # after the create reply has been read
        sid = self.sid_for(deliver)
        if sid is None:
            return
        if SCENARIO == "payload-bomb":
            reply = "$JS.ACK.ORDERS.%s.1.1.1.%d.4" % (name, NOW_NS)
            self.lock.acquire()
            try:
                self.connection.sendall(b"MSG %s %s %s %d\r\n" % (deliver.encode(), sid.encode(), reply.encode(), BOMB_SIZE))
                chunk = b"x" * (1 << 20)
                sent, deadline = 0, time.monotonic() + 60
                while sent < BOMB_SIZE and time.monotonic() < deadline:
                    piece = chunk[:min(len(chunk), BOMB_SIZE - sent)]
                    self.connection.sendall(piece)
                    sent += len(piece)
                if sent == BOMB_SIZE:
                    self.connection.sendall(b"\r\n")
            finally:
                self.lock.release()
            return
        if SCENARIO == "status-loop":
            # Again and again, as long as the consumer lives (evmon unsubscribes a retired one).
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and sid in self.subs:
                self.hmsg(deliver, sid, b"NATS/1.0 409 Consumer Deleted\r\n\r\n")
                time.sleep(0.2)
            return
        start = 1
        policy = config.get("deliver_policy", "all")
        if policy == "by_start_sequence":
            start = int(config.get("opt_start_seq", 1))
        elif policy == "new":
            start = 6
        sequences = list(range(max(1, start), 6))
        for index, sequence in enumerate(sequences):
            reply = "$JS.ACK.ORDERS.%s.1.%d.%d.%d.%d" % (name, sequence, index + 1, NOW_NS + sequence, len(sequences) - index - 1)
            sid_now = self.sid_for(deliver)
            if sid_now is None:
                return
            header = b"NATS/1.0\r\nNats-Msg-Id: m%d\r\n\r\n" % sequence
            self.hmsg("orders.created", sid_now, header, b'{"order":%d}' % sequence, reply)


def handle(connection, port):
    Client(connection).serve(port)


fake_server.serve_forever(PORT, handle, lifetime=LIFETIME)
