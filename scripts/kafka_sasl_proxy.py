#!/usr/bin/env python3
"""The broker side of Kafka SASL (KIP-43 / KIP-152) in front of a Tansu, for the SASL tests.

Tansu 0.6 has `--authentication`, but with its in-memory storage the first SCRAM user cannot be
created (`tansu user create` is itself refused as unauthenticated), so this proxy does the SASL
part and then pipes bytes to a Tansu that knows nothing about it:

  * ApiVersions is forwarded to Tansu; the answer is rewritten so that it advertises
    SaslHandshake (17) v0-1 and SaslAuthenticate (36) v0-2, which this proxy speaks.
  * SaslHandshake: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER; any other mechanism gets
    error 33 (UNSUPPORTED_SASL_MECHANISM) with the list, then the connection is closed.
  * SaslAuthenticate (or, after a v0 handshake, raw size-prefixed SASL tokens) runs the exchange;
    a failure gets error 58 (SASL_AUTHENTICATION_FAILED) with a message, then the connection is
    closed, as a Kafka broker does.
  * Any other request before authentication closes the connection.
  * After success the connection is a transparent byte pipe to Tansu (Tansu's advertised
    listener must be this proxy's front port, or the TLS port in front of it).

Credentials: user `evmon`, password `evmon-pw` (PLAIN and SCRAM, via --user/--password);
OAUTHBEARER takes an unsecured JWT (RFC 7515 alg "none") with a "sub" and a future "exp".

usage: kafka_sasl_proxy.py --listen 127.0.0.1:PORT --upstream 127.0.0.1:PORT
"""
import argparse
import asyncio
import base64
import json
import struct
import sys
import time

from scramp import ScramMechanism

API_NAMES = {18: "ApiVersions", 17: "SaslHandshake", 36: "SaslAuthenticate"}
SASL_HANDSHAKE, SASL_AUTHENTICATE, API_VERSIONS = 17, 36, 18
# What this proxy advertises for the two SASL APIs, whatever Tansu says.
SASL_API_RANGES = {SASL_HANDSHAKE: (0, 1), SASL_AUTHENTICATE: (0, 2)}
UNSUPPORTED_SASL_MECHANISM, SASL_AUTHENTICATION_FAILED = 33, 58
MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"]
MAX_PRE_AUTH_FRAME = 1 << 20  # a SASL request is small; refuse anything bigger before auth


def log(message):
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


class AuthFailed(Exception):
    pass


class Closing(Exception):
    """The connection must be closed (protocol violation before authentication)."""


# --- Kafka wire encoding -------------------------------------------------------------------

class Buf:
    def __init__(self, data, offset=0):
        self.data, self.off = data, offset

    def take(self, n):
        if self.off + n > len(self.data):
            raise Closing("truncated request")
        chunk = self.data[self.off:self.off + n]
        self.off += n
        return chunk

    def i16(self):
        return struct.unpack(">h", self.take(2))[0]

    def i32(self):
        return struct.unpack(">i", self.take(4))[0]

    def uvarint(self):
        shift = result = 0
        while True:
            byte = self.take(1)[0]
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                return result
            shift += 7
            if shift > 28:
                raise Closing("varint too long")

    def string16(self):  # nullable int16-length string
        n = self.i16()
        return None if n < 0 else self.take(n).decode("utf-8", "replace")

    def bytes32(self):
        n = self.i32()
        return b"" if n < 0 else self.take(n)

    def compact_bytes(self):
        n = self.uvarint()
        return b"" if n == 0 else self.take(n - 1)

    def tagged_fields(self):  # returns the raw bytes of a tagged-field block
        start = self.off
        for _ in range(self.uvarint()):
            self.uvarint()
            self.take(self.uvarint())
        return self.data[start:self.off]


def uvarint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def string16(s):
    if s is None:
        return struct.pack(">h", -1)
    raw = s.encode()
    return struct.pack(">h", len(raw)) + raw


def frame(payload):
    return struct.pack(">i", len(payload)) + payload


def is_flexible(api_key, version):
    return (api_key == API_VERSIONS and version >= 3) or (api_key == SASL_AUTHENTICATE and version >= 2)


def parse_request_header(data):
    buf = Buf(data)
    api_key, api_version, correlation_id = buf.i16(), buf.i16(), buf.i32()
    buf.string16()  # client id: int16 length even in header v2
    if is_flexible(api_key, api_version):
        buf.tagged_fields()
    return api_key, api_version, correlation_id, buf


# --- SASL mechanisms -----------------------------------------------------------------------

class Plain:
    """RFC 4616: authzid NUL authcid NUL passwd."""

    def __init__(self, user, password):
        self.user, self.password = user, password

    def step(self, token):
        parts = token.split(b"\x00")
        if len(parts) != 3:
            raise AuthFailed("Invalid SASL/PLAIN message: expected authzid NUL authcid NUL passwd")
        authzid, authcid, passwd = (p.decode("utf-8", "replace") for p in parts)
        if authzid not in ("", authcid):
            raise AuthFailed("Authentication failed: Client requested an authorization id that is different from username")
        if authcid != self.user or passwd != self.password:
            raise AuthFailed("Authentication failed: Invalid username or password")
        return True, b"", authcid


class Scram:
    """RFC 5802 / 7677 server side, from scramp: client-first -> server-first, client-final -> server-final."""

    def __init__(self, name, user, auth_info):
        self.name = name
        self.user = user

        def lookup(username):
            if username != user:
                raise AuthFailed(f"unknown user {username!r}")
            return auth_info

        self.server = ScramMechanism(name).make_server(lookup)
        self.stage = 0

    def failure(self):
        return AuthFailed(f"Authentication failed during authentication due to invalid credentials with SASL mechanism {self.name}")

    def step(self, token):
        try:
            message = token.decode("utf-8")
            if self.stage == 0:
                self.stage = 1
                self.server.set_client_first(message)
                return False, self.server.get_server_first().encode(), None
            self.server.set_client_final(message)
            return True, self.server.get_server_final().encode(), self.user
        except AuthFailed:
            raise self.failure()
        except Exception as error:  # ScramException, bad UTF-8, a message out of order
            log(f"{self.name}: {error}")
            raise self.failure()


def b64url_json(part):
    raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


class OAuthBearer:
    """RFC 7628 client first message `n,,\\x01auth=Bearer TOKEN\\x01\\x01` with an unsecured JWT."""

    def step(self, token):
        try:
            message = token.decode("utf-8")
        except UnicodeDecodeError:
            raise AuthFailed("Invalid OAUTHBEARER client first message: not UTF-8")
        if not message.startswith(("n,", "y,")) or not message.endswith("\x01\x01"):
            raise AuthFailed("Invalid OAUTHBEARER client first message: expected gs2 header, key=value pairs and \\x01\\x01")
        pairs = dict(p.split("=", 1) for p in message[:-2].split("\x01")[1:] if "=" in p)
        auth = pairs.get("auth", "")
        if not auth.startswith("Bearer "):
            raise AuthFailed("Invalid OAUTHBEARER client first message: no auth=Bearer <token>")
        jwt = auth[len("Bearer "):].strip()
        parts = jwt.split(".")
        if len(parts) != 3:
            raise AuthFailed("Invalid OAUTHBEARER token: a JWT has three dot-separated parts")
        try:
            header, payload = b64url_json(parts[0]), b64url_json(parts[1])
        except Exception:
            raise AuthFailed("Invalid OAUTHBEARER token: header or payload is not base64url JSON")
        if header.get("alg") != "none" or parts[2] != "":
            raise AuthFailed("Invalid OAUTHBEARER token: only unsecured JWTs (alg none, empty signature) are accepted")
        subject, expiry = payload.get("sub"), payload.get("exp")
        if not isinstance(subject, str) or not subject:
            raise AuthFailed("Invalid OAUTHBEARER token: no \"sub\" claim")
        if not isinstance(expiry, (int, float)) or isinstance(expiry, bool):
            raise AuthFailed("Invalid OAUTHBEARER token: no numeric \"exp\" claim")
        if expiry <= time.time():
            raise AuthFailed(f"Invalid OAUTHBEARER token: expired at {int(expiry)} (now {int(time.time())})")
        return True, b"", subject


# --- One connection ------------------------------------------------------------------------

class Proxy:
    def __init__(self, upstream, user, password):
        self.upstream = upstream
        self.user, self.password = user, password
        # The salted password is computed once: 4096 iterations (Kafka's minimum) per connection add up.
        self.scram_info = {name: ScramMechanism(name).make_auth_info(password, iteration_count=4096)
                           for name in ("SCRAM-SHA-256", "SCRAM-SHA-512")}

    def new_session(self, mechanism):
        if mechanism == "PLAIN":
            return Plain(self.user, self.password)
        if mechanism.startswith("SCRAM-"):
            return Scram(mechanism, self.user, self.scram_info[mechanism])
        return OAuthBearer()

    async def handle(self, client_r, client_w):
        peer = client_w.get_extra_info("peername")
        up_w = None
        try:
            up_r, up_w = await asyncio.open_connection(*self.upstream)
            principal = await self.authenticate(client_r, client_w, up_r, up_w, peer)
            if principal is None:
                return
            log(f"{peer}: authenticated as {principal}; piping to {self.upstream[0]}:{self.upstream[1]}")
            await asyncio.gather(pipe(client_r, up_w), pipe(up_r, client_w))
        except (Closing, AuthFailed) as error:
            log(f"{peer}: closing: {error}")
        except (ConnectionError, asyncio.IncompleteReadError, OSError) as error:
            log(f"{peer}: connection ended: {error!r}")
        finally:
            for writer in (client_w, up_w):
                if writer is not None:
                    writer.close()

    async def authenticate(self, client_r, client_w, up_r, up_w, peer):
        """Runs the pre-authentication protocol; returns the principal, or None on EOF."""
        session = None
        handshake_version = None
        while True:
            data = await read_frame(client_r)
            if data is None:
                return None
            if session is not None and handshake_version == 0:
                # After a v0 handshake the tokens come raw (size-prefixed, no Kafka header), and a
                # failure is signalled only by closing the connection.
                done, response, principal = session.step(data)
                client_w.write(frame(response))
                await client_w.drain()
                if done:
                    return principal
                continue

            api_key, version, correlation_id, body = parse_request_header(data)
            if api_key == API_VERSIONS:
                up_w.write(frame(data))
                response = await read_frame(up_r)
                if response is None:
                    raise Closing("Tansu closed the connection")
                client_w.write(frame(rewrite_api_versions(response, version)))
            elif api_key == SASL_HANDSHAKE and version <= 1:
                mechanism = body.string16() or ""
                ok = mechanism in MECHANISMS
                mechanisms = b"".join(string16(m) for m in MECHANISMS)
                client_w.write(frame(struct.pack(">ihi", correlation_id, 0 if ok else UNSUPPORTED_SASL_MECHANISM, len(MECHANISMS)) + mechanisms))
                await client_w.drain()
                if not ok:
                    raise Closing(f"unsupported SASL mechanism {mechanism!r}")
                session, handshake_version = self.new_session(mechanism), version
                log(f"{peer}: SaslHandshake v{version} {mechanism}")
            elif api_key == SASL_AUTHENTICATE and version <= 2 and handshake_version == 1:
                token = body.compact_bytes() if version >= 2 else body.bytes32()
                try:
                    done, response, principal = session.step(token)
                except AuthFailed as error:
                    client_w.write(frame(sasl_authenticate_response(version, correlation_id, SASL_AUTHENTICATION_FAILED, str(error), b"")))
                    await client_w.drain()
                    raise
                client_w.write(frame(sasl_authenticate_response(version, correlation_id, 0, None, response)))
                await client_w.drain()
                if done:
                    return principal
            else:
                name = API_NAMES.get(api_key, f"api key {api_key}")
                raise Closing(f"{name} v{version} before authentication is not allowed")
            await client_w.drain()


def sasl_authenticate_response(version, correlation_id, error_code, message, auth_bytes):
    if version >= 2:  # flexible: response header v1 (tagged fields), compact strings/bytes
        msg = b"\x00" if message is None else uvarint(len(message.encode()) + 1) + message.encode()
        return (struct.pack(">i", correlation_id) + b"\x00" + struct.pack(">h", error_code) + msg
                + uvarint(len(auth_bytes) + 1) + auth_bytes + struct.pack(">q", 0) + b"\x00")
    out = struct.pack(">ih", correlation_id, error_code) + string16(message) + struct.pack(">i", len(auth_bytes)) + auth_bytes
    if version >= 1:
        out += struct.pack(">q", 0)  # session_lifetime_ms 0: no re-authentication (KIP-368)
    return out


def rewrite_api_versions(response, version):
    """Sets SaslHandshake/SaslAuthenticate in an ApiVersions response to the ranges this proxy speaks.
    The response header is v0 (correlation id only) for every ApiVersions version."""
    buf = Buf(response, 4)
    if buf.i16() != 0:
        return response  # e.g. UNSUPPORTED_VERSION, answered in v0 format: the client retries lower
    flexible = version >= 3
    count = buf.uvarint() - 1 if flexible else buf.i32()
    entries = {}
    for _ in range(count):
        api_key, low, high = buf.i16(), buf.i16(), buf.i16()
        entries[api_key] = (low, high, buf.tagged_fields() if flexible else b"")
    rest = response[buf.off:]  # throttle time, tagged fields: unchanged
    for api_key, (low, high) in SASL_API_RANGES.items():
        entries[api_key] = (low, high, b"\x00" if flexible else b"")
    out = bytearray(response[:6])
    out += uvarint(len(entries) + 1) if flexible else struct.pack(">i", len(entries))
    for api_key, (low, high, tags) in entries.items():
        out += struct.pack(">hhh", api_key, low, high) + tags
    return bytes(out + rest)


async def read_frame(reader):
    try:
        size = struct.unpack(">i", await reader.readexactly(4))[0]
    except asyncio.IncompleteReadError:
        return None
    if size < 0 or size > MAX_PRE_AUTH_FRAME:
        raise Closing(f"frame of {size} bytes before authentication")
    return await reader.readexactly(size)


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


def host_port(text):
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=host_port, required=True)
    parser.add_argument("--upstream", type=host_port, required=True)
    parser.add_argument("--user", default="evmon")
    parser.add_argument("--password", default="evmon-pw")
    args = parser.parse_args()
    proxy = Proxy(args.upstream, args.user, args.password)
    server = await asyncio.start_server(proxy.handle, *args.listen)
    log(f"SASL proxy listening on {args.listen[0]}:{args.listen[1]}, upstream {args.upstream[0]}:{args.upstream[1]}, mechanisms {' '.join(MECHANISMS)}")
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
