#!/usr/bin/env python3
"""Makes the NKey and JWT (operator mode) material for the NATS auth test servers, in OUT_DIR:

  nkey.conf      `authorization { users = [ { nkey: U... } ] }` for a plain NKey-user server
  nkey.seed      that user's seed (SU...), what a client signs the server's nonce with
  operator.conf  operator mode: operator JWT, system account, `resolver: MEMORY` with both account
                 JWTs preloaded; account "EVMON" has JetStream limits, so its users can use JetStream
  user.creds     a user of account EVMON, in the .creds format `nsc` writes (JWT + seed)

There is no nsc in Debian, so the JWTs (v2 claims, as nats-server 2.9 reads them) are made here:
base64url(header) "." base64url(claims) "." base64url(Ed25519 signature by the issuer's NKey).
Keys are fresh on every run. usage: nats_test_auth.py OUT_DIR
"""
import base64
import hashlib
import json
import os
import sys
import time

import nkeys


class Key:
    """A fresh NKey pair of one role (operator, account or user)."""

    def __init__(self, prefix):
        # nkeys.encode_seed: base32 (no padding) of 'S'+role prefix, the 32-byte Ed25519 seed, CRC16.
        self.seed = nkeys.encode_seed(os.urandom(32), prefix)
        self.pair = nkeys.from_seed(bytearray(self.seed))
        self.public = self.pair.public_key.decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(issuer, subject, name, nats):
    claims = {"iat": int(time.time()), "iss": issuer.public, "name": name, "sub": subject.public, "nats": nats}
    # jti as the Go library makes it: base32 of SHA-512/256 of the claims without jti.
    digest = hashlib.new("sha512_256", json.dumps(claims, separators=(",", ":")).encode()).digest()
    claims = {"jti": base64.b32encode(digest).rstrip(b"=").decode(), **claims}
    header = b64url(json.dumps({"typ": "JWT", "alg": "ed25519-nkey"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = b64url(issuer.pair.sign(f"{header}.{body}".encode()))
    return f"{header}.{body}.{signature}"


def account_limits(jetstream):
    limits = {"subs": -1, "data": -1, "payload": -1, "imports": -1, "exports": -1, "wildcards": True,
              "conn": -1, "leaf": -1}
    # JetStream is on for an account when its JWT gives it any memory or disk storage (-1: no limit);
    # the system account must not have it.
    storage = -1 if jetstream else 0
    limits.update({"mem_storage": storage, "disk_storage": storage, "streams": storage, "consumer": storage,
                   "max_ack_pending": -1, "mem_max_stream_bytes": -1, "disk_max_stream_bytes": -1,
                   "max_bytes_required": False})
    return limits


def main(out):
    os.makedirs(out, exist_ok=True)

    # A plain NKey user, configured by public key only.
    user = Key(nkeys.PREFIX_BYTE_USER)
    write(out, "nkey.conf", f'authorization {{\n  users = [ {{ nkey: "{user.public}" }} ]\n}}\n')
    write(out, "nkey.seed", user.seed.decode() + "\n")

    # Operator mode: operator -> accounts (SYS, EVMON) -> user, each JWT signed by the level above.
    operator, system, account, creds_user = (Key(nkeys.PREFIX_BYTE_OPERATOR), Key(nkeys.PREFIX_BYTE_ACCOUNT),
                                             Key(nkeys.PREFIX_BYTE_ACCOUNT), Key(nkeys.PREFIX_BYTE_USER))
    operator_jwt = jwt(operator, operator, "evmon-operator",
                       {"system_account": system.public, "type": "operator", "version": 2})
    system_jwt = jwt(operator, system, "SYS",
                     {"limits": account_limits(False), "default_permissions": {"pub": {}, "sub": {}},
                      "type": "account", "version": 2})
    account_jwt = jwt(operator, account, "EVMON",
                      {"limits": account_limits(True), "default_permissions": {"pub": {}, "sub": {}},
                       "type": "account", "version": 2})
    user_jwt = jwt(account, creds_user, "evmon",
                   {"pub": {}, "sub": {}, "subs": -1, "data": -1, "payload": -1, "type": "user", "version": 2})
    write(out, "operator.conf",
          f'operator: "{operator_jwt}"\n'
          f'system_account: "{system.public}"\n'
          'resolver: MEMORY\n'
          'resolver_preload: {\n'
          f'  "{system.public}": "{system_jwt}"\n'
          f'  "{account.public}": "{account_jwt}"\n'
          '}\n')
    write(out, "user.creds",
          "-----BEGIN NATS USER JWT-----\n"
          f"{user_jwt}\n"
          "------END NATS USER JWT------\n"
          "\n"
          "************************* IMPORTANT *************************\n"
          "NKEY Seed printed below can be used to sign and prove identity.\n"
          "NKEYs are sensitive and should be treated as secrets.\n"
          "\n"
          "-----BEGIN USER NKEY SEED-----\n"
          f"{creds_user.seed.decode()}\n"
          "------END USER NKEY SEED------\n"
          "\n"
          "*************************************************************\n")


def write(out, name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: nats_test_auth.py OUT_DIR")
    main(sys.argv[1])
