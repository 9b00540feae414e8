"""nats-py helpers for evmon's NATS integration tests (the reference client writes and reads).

  nats_tool.py SERVER create STREAM SUBJECT[,SUBJECT…] [DUP_WINDOW_S]   creates (or replaces) a file-stored stream
  nats_tool.py SERVER publish STREAM        stdin: [{"subject","data" (base64 or null),"headers":[[name,value]…]}]
                                            js.publish for each; prints [seq…]. Repeated header names go
                                            through a raw HPUB (nats-py takes a dict), then are read back.
  nats_tool.py SERVER delete STREAM SEQ…    deletes messages (leaves gaps)
  nats_tool.py SERVER fill STREAM SUBJECT COUNT SIZE   core publishes, flushes, waits until all are stored
  nats_tool.py SERVER read STREAM           every message via js.get_msg: [{"seq","subject","headers","data"}]
  nats_tool.py SERVER durable STREAM NAME FETCH ACK   durable pull consumer; fetches FETCH, acks the first ACK
  nats_tool.py SERVER consumers STREAM      [{"name","durable","config"}] as the server reports them
  nats_tool.py SERVER poison STREAM SUBJECT ADV   ADV captures the advisories (created if missing; "-": none); one message reaches
                                            max_deliver 3 (ack_wait 0.3 s), another is +TERM'd; prints their seqs
  nats_tool.py SERVER trickle SUBJECT COUNT DELAY_S   publishes COUNT messages DELAY_S apart
  nats_tool.py SERVER drop-evmon STREAM     deletes evmon's own consumers from under it; prints how many
  nats_tool.py SERVER delete-stream STREAM  deletes the whole stream
SERVER is host:port; EVMON_TEST_NATS_USER/PASSWORD are used when set in NATS_TOOL_AUTH=1.
NATS_TOOL_TLS_CA (with NATS_TOOL_TLS_CERT/KEY for mutual TLS) connects over TLS; NATS_TOOL_NKEY_SEED
or NATS_TOOL_CREDS authenticate with an NKey or a .creds file.
"""
import asyncio, base64, json, os, socket, ssl, sys, time

import nats
from nats.js import api


def b64(data):
    return None if data is None else base64.b64encode(data).decode()


async def connect(server):
    options = {}
    if os.environ.get("NATS_TOOL_TLS_CA"):
        context = ssl.create_default_context(cafile=os.environ["NATS_TOOL_TLS_CA"])
        if os.environ.get("NATS_TOOL_TLS_CERT"):
            context.load_cert_chain(os.environ["NATS_TOOL_TLS_CERT"], os.environ["NATS_TOOL_TLS_KEY"])
        options["tls"] = context
    if os.environ.get("NATS_TOOL_NKEY_SEED"):
        options["nkeys_seed_str"] = os.environ["NATS_TOOL_NKEY_SEED"]
    if os.environ.get("NATS_TOOL_CREDS"):
        options["user_credentials"] = os.environ["NATS_TOOL_CREDS"]
    scheme = "tls" if "tls" in options else "nats"
    return await nats.connect(f"{scheme}://{server}", connect_timeout=5, max_reconnect_attempts=0, **options)


def raw_hpub(server, subject, block, payload):
    """One HPUB over a plain socket, for header blocks nats-py cannot write (repeated names)."""
    host, port = server.rsplit(":", 1)
    with socket.create_connection((host, int(port)), 5) as sock:
        reader = sock.makefile("rb")
        reader.readline()
        sock.sendall(b'CONNECT {"verbose":false,"headers":true,"no_responders":true,"protocol":1}\r\nSUB _INBOX.raw 1\r\n')
        sock.sendall(b"HPUB %s _INBOX.raw %d %d\r\n%s%s\r\n" % (subject.encode(), len(block), len(block) + len(payload), block, payload))
        while True:
            line = reader.readline()
            if line.startswith(b"PING"):
                sock.sendall(b"PONG\r\n")
            elif line.startswith(b"MSG"):
                size = int(line.split()[-1])
                ack = json.loads(reader.read(size + 2)[:size])
                if "error" in ack:
                    raise SystemExit(f"raw publish refused: {ack}")
                return ack["seq"]
            elif line.startswith(b"-ERR") or not line:
                raise SystemExit(f"raw publish failed: {line!r}")


async def main():
    server, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    nc = await connect(server)
    js = nc.jetstream()
    try:
        if command == "create":
            name, subjects = args[0], args[1].split(",")
            config = api.StreamConfig(name=name, subjects=subjects, storage=api.StorageType.FILE)
            if len(args) > 2:
                config.duplicate_window = float(args[2])
            try:
                await js.delete_stream(name)
            except Exception:
                pass
            await js.add_stream(config)
        elif command == "publish":
            stream = args[0]
            seqs = []
            for message in json.load(sys.stdin):
                data = base64.b64decode(message["data"]) if message.get("data") is not None else b""
                headers = message.get("headers") or []
                names = [name for name, _ in headers]
                if len(set(names)) != len(names):
                    block = b"NATS/1.0\r\n" + b"".join(b"%s: %s\r\n" % (n.encode(), v.encode()) for n, v in headers) + b"\r\n"
                    seqs.append(raw_hpub(server, message["subject"], block, data))
                else:
                    ack = await js.publish(message["subject"], data, headers=dict(headers) or None)
                    seqs.append(ack.seq)
            print(json.dumps(seqs))
        elif command == "delete":
            for seq in args[1:]:
                await js.delete_msg(args[0], int(seq))
        elif command == "fill":
            stream, subject, count, size = args[0], args[1], int(args[2]), int(args[3])
            payload = b"x" * size
            for index in range(count):
                await nc.publish(subject, payload)
                if index % 50_000 == 49_999:
                    await nc.flush()
            await nc.flush()
            deadline = time.monotonic() + 120
            while (await js.stream_info(stream)).state.messages < count:
                if time.monotonic() > deadline:
                    raise SystemExit("fill: not all messages were stored")
                await asyncio.sleep(0.1)
        elif command == "read":
            info = await js.stream_info(args[0])
            out = []
            for seq in range(max(info.state.first_seq, 1), info.state.last_seq + 1):
                try:
                    msg = await js.get_msg(args[0], seq)
                except nats.js.errors.NotFoundError:
                    continue
                out.append({"seq": msg.seq, "subject": msg.subject, "headers": msg.headers or {}, "data": b64(msg.data or b"")})
            print(json.dumps(out))
        elif command == "durable":
            stream, name, fetch, ack = args[0], args[1], int(args[2]), int(args[3])
            sub = await js.pull_subscribe("", durable=name, stream=stream, config=api.ConsumerConfig(ack_wait=60))
            got = await sub.fetch(fetch, timeout=5) if fetch else []
            for msg in got[:ack]:
                await msg.ack_sync()
            print(json.dumps([m.metadata.sequence.stream for m in got]))
        elif command == "consumers":
            infos = await js.consumers_info(args[0])
            print(json.dumps(sorted(
                [{"name": c.name, "durable": c.config.durable_name, "ack_floor": c.ack_floor.stream_seq,
                  "delivered": c.delivered.stream_seq, "pending": c.num_pending, "ack_pending": c.num_ack_pending} for c in infos],
                key=lambda c: c["name"])))
        elif command == "poison":
            stream, subject, adv = args
            # One stream captures the advisories for every test (two streams cannot share subjects);
            # "-" captures none: the advisories are then only heard by whoever listens live.
            heard = []
            if adv == "-":
                async def listen(msg):
                    heard.append(msg.subject)
                await nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.>", cb=listen)
            else:
                try:
                    await js.stream_info(adv)
                except nats.js.errors.NotFoundError:
                    await js.add_stream(api.StreamConfig(name=adv, subjects=[
                        "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>", "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>"]))
                before = (await js.stream_info(adv)).state.messages
            poison = await js.publish(subject, b'{"poison":true}', stream=stream, headers={"X-Case": "max-deliveries"})
            config = api.ConsumerConfig(max_deliver=3, ack_wait=0.3, filter_subject=subject)
            sub = await js.pull_subscribe(subject, durable="worker", stream=stream, config=config)
            for _ in range(3):
                await sub.fetch(1, timeout=5)
                await asyncio.sleep(0.4)
            terminated = await js.publish(subject, b'{"terminate":true}', stream=stream)
            for msg in await sub.fetch(1, timeout=5):
                await msg.term()
            deadline = time.monotonic() + 10

            async def arrived():
                if adv == "-":
                    return sum(".MAX_DELIVERIES." in s or ".MSG_TERMINATED." in s for s in heard) >= 2
                return (await js.stream_info(adv)).state.messages >= before + 2
            while not await arrived():
                if time.monotonic() > deadline:
                    raise SystemExit("poison: the advisories never arrived")
                await asyncio.sleep(0.1)
            print(json.dumps([poison.seq, terminated.seq]))
        elif command == "drop-evmon":
            dropped = 0
            for info in await js.consumers_info(args[0]):
                if info.name.startswith("evmon_"):
                    await js.delete_consumer(args[0], info.name)
                    dropped += 1
            print(dropped)
        elif command == "delete-stream":
            await js.delete_stream(args[0])
        elif command == "trickle":
            subject, count, delay = args[0], int(args[1]), float(args[2])
            for index in range(count):
                await js.publish(subject, b"live-%d" % index)
                await asyncio.sleep(delay)
        else:
            raise SystemExit(f"unknown command {command}")
    finally:
        await nc.close()


asyncio.run(main())
