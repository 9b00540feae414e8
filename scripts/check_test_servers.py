#!/usr/bin/env python3
"""Checks the TLS and auth test servers with the reference clients: confluent-kafka (librdkafka),
redis-py and nats-py. Not part of `make test`; run it by hand after changing test-brokers.sh:

  scripts/test-brokers.sh start /tmp/b && source /tmp/b/env && scripts/check_test_servers.py
  scripts/test-brokers.sh stop /tmp/b

Prints one PASS/FAIL line per check and exits non-zero if any failed. Expected failures (a
wrong password, an expired certificate...) pass when the client fails, and print why it did.
"""
import asyncio
import base64
import json
import os
import socket
import ssl
import struct
import sys
import time
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

ENV = os.environ
CERTS = ENV["EVMON_TEST_CERTS"]
CA, CLIENT_CERT, CLIENT_KEY = (os.path.join(CERTS, name) for name in ("ca.pem", "client.pem", "client.key"))
ENCRYPTED_KEY = os.path.join(CERTS, "client-encrypted.key")
USER, PASSWORD = ENV["EVMON_TEST_KAFKA_SASL_USER"], ENV["EVMON_TEST_KAFKA_SASL_PASSWORD"]
failures = 0


def report(ok, name, detail=""):
    global failures
    failures += not ok
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)


# --- Kafka -----------------------------------------------------------------------------------

def kafka_config(address, **extra):
    # log_level 0: librdkafka would log every failed reconnect; errors reach error_cb instead.
    config = {"bootstrap.servers": address, "broker.address.family": "v4", "log_level": 0,
              "reconnect.backoff.ms": 500}
    config.update(extra)
    return config


def tls(**extra):
    return {"security.protocol": "SSL", "ssl.ca.location": CA, **extra}


def sasl(mechanism, password=PASSWORD, ssl_on=False, **extra):
    config = {"security.protocol": "SASL_SSL" if ssl_on else "SASL_PLAINTEXT", "sasl.mechanism": mechanism}
    if mechanism != "OAUTHBEARER":
        config.update({"sasl.username": USER, "sasl.password": password})
    if ssl_on:
        config["ssl.ca.location"] = CA
    config.update(extra)
    return config


def kafka_round_trip(name, address, config):
    """Creates a topic, produces one message and consumes it back, all through ADDRESS."""
    topic = f"check-{uuid.uuid4().hex[:8]}"
    value = f"hello {name}".encode()
    errors = []
    base = kafka_config(address, error_cb=lambda e: errors.append(str(e)), **config)
    try:
        admin = AdminClient(dict(base))
        for future in admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)]).values():
            future.result(timeout=10)
        producer = Producer(dict(base))
        producer.produce(topic, value)
        if producer.flush(10) != 0:
            raise RuntimeError("produce did not complete")
        # assign, not subscribe: Tansu holds a JoinGroup for the whole rebalance timeout.
        consumer = Consumer({**base, "group.id": f"check-{uuid.uuid4().hex[:8]}", "enable.auto.commit": False})
        consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        deadline, got = time.time() + 15, None
        while time.time() < deadline and got is None:
            message = consumer.poll(0.5)
            if message is not None and message.error() is None:
                got = message.value()
        consumer.close()
        report(got == value, name, f"produced and consumed {got!r}" if got == value else f"consumed {got!r}; errors {errors[:2]}")
    except Exception as error:
        report(False, name, f"{error!r}; errors {errors[:2]}")


def kafka_must_fail(name, address, config, seconds=8):
    """Passes if the client reports an error and never gets Metadata through ADDRESS."""
    errors = []
    admin = AdminClient(kafka_config(address, error_cb=lambda e: errors.append(e), **config))
    deadline = time.time() + seconds
    while not errors and time.time() < deadline:
        try:
            admin.list_topics(timeout=1)
            report(False, name, "metadata came back")
            return
        except KafkaException:
            admin.poll(0.2)  # error_cb runs from poll
    report(bool(errors), name, f"failed as expected: {errors[0].str()}" if errors else "no error reported")


# Raw Kafka requests for what librdkafka does not exercise: SaslAuthenticate v2 (flexible), the v0
# handshake with raw tokens, an unknown mechanism, a request before authentication.

def kafka_raw(address):
    host, port = address.rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=5)


def send_request(sock, api_key, version, correlation_id, body, flexible=False):
    header = struct.pack(">hhih", api_key, version, correlation_id, 5) + b"check" + (b"\x00" if flexible else b"")
    sock.sendall(struct.pack(">i", len(header) + len(body)) + header + body)


def read_response(sock):
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("connection closed")
            data += chunk
        return data
    return exactly(struct.unpack(">i", exactly(4))[0])


def api_versions(sock, version=3):
    body = b"\x06check\x021\x00" if version >= 3 else b""
    send_request(sock, 18, version, 1, body, flexible=version >= 3)
    response = read_response(sock)
    error, off = struct.unpack(">h", response[4:6])[0], 6
    if version >= 3:
        count, off = response[off] - 1, off + 1  # fewer than 127 entries: a one-byte varint
    else:
        count, off = struct.unpack(">i", response[off:off + 4])[0], off + 4
    entries = {}
    for _ in range(count):
        key, low, high = struct.unpack(">hhh", response[off:off + 6])
        entries[key] = (low, high)
        off += 6 + (1 if version >= 3 else 0)
    return error, entries


def sasl_handshake(sock, mechanism, version=1):
    send_request(sock, 17, version, 2, struct.pack(">h", len(mechanism)) + mechanism.encode())
    response = read_response(sock)
    error, count = struct.unpack(">hi", response[4:10])
    off, mechanisms = 10, []
    for _ in range(count):
        n = struct.unpack(">h", response[off:off + 2])[0]
        mechanisms.append(response[off + 2:off + 2 + n].decode())
        off += 2 + n
    return error, mechanisms


def uvarint_at(data, off):
    shift = value = 0
    while True:
        byte = data[off]
        off += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, off
        shift += 7


def sasl_authenticate_v2(sock, token, correlation_id=3):
    length = len(token) + 1
    varint = bytes([length]) if length < 0x80 else bytes([(length & 0x7F) | 0x80, length >> 7])
    send_request(sock, 36, 2, correlation_id, varint + token + b"\x00", flexible=True)
    response = read_response(sock)
    off = 5  # correlation id + empty tagged fields
    error = struct.unpack(">h", response[off:off + 2])[0]
    n, off = uvarint_at(response, off + 2)
    message = response[off:off + n - 1].decode() if n else None
    off += max(n - 1, 0)
    n, off = uvarint_at(response, off)
    return error, message, response[off:off + n - 1]


def metadata_v1(sock, correlation_id=9):
    send_request(sock, 3, 1, correlation_id, struct.pack(">i", -1))
    response = read_response(sock)
    return struct.unpack(">i", response[:4])[0] == correlation_id


def check_kafka_raw(address):
    with kafka_raw(address) as sock:
        error, entries = api_versions(sock, 3)
        report(error == 0 and entries.get(17) == (0, 1) and entries.get(36) == (0, 2) and 3 in entries,
               "kafka sasl raw: ApiVersions v3 advertises SaslHandshake v0-1, SaslAuthenticate v0-2", f"17={entries.get(17)} 36={entries.get(36)}")
    with kafka_raw(address) as sock:
        error, entries = api_versions(sock, 0)
        report(error == 0 and entries.get(17) == (0, 1) and entries.get(36) == (0, 2), "kafka sasl raw: ApiVersions v0 too")
    with kafka_raw(address) as sock:
        error, mechanisms = sasl_handshake(sock, "GSSAPI")
        closed = sock.recv(1) == b""
        report(error == 33 and "SCRAM-SHA-512" in mechanisms and closed,
               "kafka sasl raw: unknown mechanism -> error 33 + list, then closed", f"error {error}, mechanisms {mechanisms}")
    with kafka_raw(address) as sock:
        try:
            ok = not metadata_v1(sock)
        except (ConnectionError, OSError):
            ok = True
        report(ok, "kafka sasl raw: Metadata before authentication closes the connection")
    with kafka_raw(address) as sock:
        sasl_handshake(sock, "PLAIN")
        error, message, _ = sasl_authenticate_v2(sock, f"\0{USER}\0{PASSWORD}".encode())
        report(error == 0 and metadata_v1(sock), "kafka sasl raw: PLAIN via SaslAuthenticate v2, then Metadata", f"error {error} {message}")
    with kafka_raw(address) as sock:
        sasl_handshake(sock, "PLAIN")
        error, message, _ = sasl_authenticate_v2(sock, f"\0{USER}\0wrong".encode())
        closed = sock.recv(1) == b""
        report(error == 58 and bool(message) and closed, "kafka sasl raw: wrong PLAIN password -> error 58 + message, closed", f"{error} {message!r}")
    with kafka_raw(address) as sock:
        from scramp import ScramClient
        sasl_handshake(sock, "SCRAM-SHA-256")
        client = ScramClient(["SCRAM-SHA-256"], USER, PASSWORD)
        error1, _, server_first = sasl_authenticate_v2(sock, client.get_client_first().encode())
        client.set_server_first(server_first.decode())
        error2, _, server_final = sasl_authenticate_v2(sock, client.get_client_final().encode(), 4)
        client.set_server_final(server_final.decode())  # raises unless the server proved the password too
        report(error1 == error2 == 0 and metadata_v1(sock), "kafka sasl raw: SCRAM-SHA-256 via SaslAuthenticate v2 (scramp client), then Metadata")
    with kafka_raw(address) as sock:
        # v0 handshake: tokens go raw, size-prefixed, without Kafka headers (KIP-43).
        error, _ = sasl_handshake(sock, "PLAIN", version=0)
        token = f"\0{USER}\0{PASSWORD}".encode()
        sock.sendall(struct.pack(">i", len(token)) + token)
        report(error == 0 and read_response(sock) == b"" and metadata_v1(sock), "kafka sasl raw: SaslHandshake v0 with a raw PLAIN token, then Metadata")
    for name, token in oauth_bad_tokens().items():
        with kafka_raw(address) as sock:
            sasl_handshake(sock, "OAUTHBEARER")
            error, message, _ = sasl_authenticate_v2(sock, f"n,,\x01auth=Bearer {token}\x01\x01".encode())
            report(error == 58 and bool(message), f"kafka sasl raw: OAUTHBEARER {name} token -> error 58", repr(message))


def unsecured_jwt(claims):
    part = lambda value: base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'none'})}.{part(claims)}."


def oauth_bad_tokens():
    now = int(time.time())
    return {"expired": unsecured_jwt({"sub": USER, "iat": now - 7200, "exp": now - 3600}),
            "no-sub": unsecured_jwt({"exp": now + 3600}),
            "malformed": "not-a-jwt"}


def oauth_cb(claims):
    def callback(_config):
        return unsecured_jwt(claims), time.time() + 3600
    return callback


def check_kafka():
    if "EVMON_TEST_KAFKA_TLS" not in ENV:
        report(False, "kafka", "EVMON_TEST_KAFKA_TLS is not set: source STATE_DIR/env first")
        return
    kafka_round_trip("kafka TLS (server.pem, ca.pem)", ENV["EVMON_TEST_KAFKA_TLS"], tls())
    kafka_must_fail("kafka TLS wrong host", ENV["EVMON_TEST_KAFKA_TLS_WRONG_HOST"], tls())
    kafka_must_fail("kafka TLS expired", ENV["EVMON_TEST_KAFKA_TLS_EXPIRED"], tls())
    kafka_must_fail("kafka TLS untrusted", ENV["EVMON_TEST_KAFKA_TLS_UNTRUSTED"], tls())
    kafka_must_fail("kafka TLS without ca.pem (system CAs)", ENV["EVMON_TEST_KAFKA_TLS"], {"security.protocol": "SSL"})
    mtls = ENV["EVMON_TEST_KAFKA_MTLS"]
    kafka_round_trip("kafka mTLS (client.pem)", mtls, tls(**{"ssl.certificate.location": CLIENT_CERT, "ssl.key.location": CLIENT_KEY}))
    kafka_round_trip("kafka mTLS (client-encrypted.key + password)", mtls,
                     tls(**{"ssl.certificate.location": CLIENT_CERT, "ssl.key.location": ENCRYPTED_KEY,
                            "ssl.key.password": ENV["EVMON_TEST_CLIENT_KEY_PASSWORD"]}))
    kafka_must_fail("kafka mTLS without a client certificate", mtls, tls())
    kafka_must_fail("kafka mTLS with an untrusted client certificate", mtls,
                    tls(**{"ssl.certificate.location": os.path.join(CERTS, "untrusted.pem"),
                           "ssl.key.location": os.path.join(CERTS, "untrusted.key")}))

    for label, address, ssl_on in (("SASL_PLAINTEXT", ENV["EVMON_TEST_KAFKA_SASL"], False),
                                   ("SASL_SSL", ENV["EVMON_TEST_KAFKA_SASL_SSL"], True)):
        for mechanism in ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"):
            kafka_round_trip(f"kafka {label} {mechanism}", address, sasl(mechanism, ssl_on=ssl_on))
            kafka_must_fail(f"kafka {label} {mechanism} wrong password", address, sasl(mechanism, "wrong", ssl_on=ssl_on))
        kafka_round_trip(f"kafka {label} OAUTHBEARER (librdkafka unsecured JWT)", address,
                         sasl("OAUTHBEARER", ssl_on=ssl_on, **{"enable.sasl.oauthbearer.unsecure.jwt": True,
                                                              "sasl.oauthbearer.config": f"principal={USER}"}))
        kafka_round_trip(f"kafka {label} OAUTHBEARER (oauth_cb)", address,
                         sasl("OAUTHBEARER", ssl_on=ssl_on, oauth_cb=oauth_cb({"sub": USER, "exp": int(time.time()) + 3600})))
        kafka_must_fail(f"kafka {label} OAUTHBEARER expired token", address,
                        sasl("OAUTHBEARER", ssl_on=ssl_on, oauth_cb=oauth_cb({"sub": USER, "exp": int(time.time()) - 60})))
    kafka_must_fail("kafka SASL_SSL port spoken to without TLS", ENV["EVMON_TEST_KAFKA_SASL_SSL"], sasl("PLAIN"))
    check_kafka_raw(ENV["EVMON_TEST_KAFKA_SASL"])


# --- Redis -----------------------------------------------------------------------------------

def check_redis():
    import redis

    def round_trip(name, address, **kwargs):
        host, port = address.rsplit(":", 1)
        try:
            client = redis.Redis(host=host, port=int(port), ssl=True, ssl_ca_certs=CA, socket_timeout=5, **kwargs)
            stream = f"check-{uuid.uuid4().hex[:8]}"
            entry_id = client.xadd(stream, {"hello": "tls"})
            entries = client.xrange(stream)
            client.close()
            report(entries == [(entry_id, {b"hello": b"tls"})], name, f"XADD/XRANGE {entry_id!r}")
        except Exception as error:
            report(False, name, repr(error))

    def must_fail(name, address, **kwargs):
        host, port = address.rsplit(":", 1)
        try:
            client = redis.Redis(host=host, port=int(port), socket_timeout=5, **kwargs)
            client.ping()
            report(False, name, "PING answered")
        except Exception as error:
            report(True, name, f"failed as expected: {type(error).__name__}: {error}"[:200])

    round_trip("redis TLS", ENV["EVMON_TEST_REDIS_TLS"])
    round_trip("redis mTLS (client.pem)", ENV["EVMON_TEST_REDIS_MTLS"], ssl_certfile=CLIENT_CERT, ssl_keyfile=CLIENT_KEY)
    round_trip("redis mTLS (client-encrypted.key + password)", ENV["EVMON_TEST_REDIS_MTLS"], ssl_certfile=CLIENT_CERT,
               ssl_keyfile=ENCRYPTED_KEY, ssl_password=ENV["EVMON_TEST_CLIENT_KEY_PASSWORD"])
    must_fail("redis mTLS without a client certificate", ENV["EVMON_TEST_REDIS_MTLS"], ssl=True, ssl_ca_certs=CA)
    must_fail("redis TLS port spoken to without TLS", ENV["EVMON_TEST_REDIS_TLS"])


# --- NATS ------------------------------------------------------------------------------------

async def check_nats():
    import nats

    def context(client_cert=False):
        ctx = ssl.create_default_context(cafile=CA)
        if client_cert:
            ctx.load_cert_chain(CLIENT_CERT, CLIENT_KEY)
        return ctx

    async def jetstream(name, url, **kwargs):
        try:
            nc = await nats.connect(url, connect_timeout=5, max_reconnect_attempts=0, allow_reconnect=False, **kwargs)
            js = nc.jetstream()
            stream = f"CHECK_{uuid.uuid4().hex[:8]}"
            await js.add_stream(name=stream, subjects=[f"{stream}.>"])
            ack = await js.publish(f"{stream}.x", b"hello")
            message = await js.get_msg(stream, ack.seq)
            await js.delete_stream(stream)
            await nc.close()
            report(message.data == b"hello", name, f"stream add, publish, get seq {ack.seq}")
        except Exception as error:
            report(False, name, repr(error))

    async def must_fail(name, url, **kwargs):
        errors = []

        async def error_cb(error):
            errors.append(error)
        try:
            nc = await nats.connect(url, connect_timeout=3, max_reconnect_attempts=0, allow_reconnect=False,
                                    error_cb=error_cb, **kwargs)
            await nc.close()
            report(False, name, "connected")
        except Exception as error:
            report(True, name, f"failed as expected: {(errors[0] if errors else error)!r}"[:200])

    await jetstream("nats TLS", f"tls://{ENV['EVMON_TEST_NATS_TLS']}", tls=context())
    await jetstream("nats TLS via localhost", f"tls://localhost:{ENV['EVMON_TEST_NATS_TLS'].rsplit(':', 1)[1]}", tls=context())
    await jetstream("nats mTLS (client.pem)", f"tls://{ENV['EVMON_TEST_NATS_MTLS']}", tls=context(client_cert=True))
    await must_fail("nats mTLS without a client certificate", f"tls://{ENV['EVMON_TEST_NATS_MTLS']}", tls=context())
    await jetstream("nats NKey", f"nats://{ENV['EVMON_TEST_NATS_NKEY']}", nkeys_seed_str=ENV["EVMON_TEST_NATS_NKEY_SEED"])
    await must_fail("nats NKey without a seed", f"nats://{ENV['EVMON_TEST_NATS_NKEY']}")
    import nkeys
    other_seed = nkeys.encode_seed(os.urandom(32), nkeys.PREFIX_BYTE_USER).decode()
    await must_fail("nats NKey with another user's seed", f"nats://{ENV['EVMON_TEST_NATS_NKEY']}", nkeys_seed_str=other_seed)
    await jetstream("nats JWT (.creds)", f"nats://{ENV['EVMON_TEST_NATS_CREDS_ADDR']}", user_credentials=ENV["EVMON_TEST_NATS_CREDS"])
    await must_fail("nats JWT without credentials", f"nats://{ENV['EVMON_TEST_NATS_CREDS_ADDR']}")


def main():
    only = set(sys.argv[1:]) or {"kafka", "redis", "nats"}
    if "kafka" in only:
        check_kafka()
    if "redis" in only:
        check_redis()
    if "nats" in only:
        asyncio.run(check_nats())
    print(f"{failures} failed", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
