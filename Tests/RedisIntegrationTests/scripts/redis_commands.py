"""Runs Redis commands with redis-py (the reference client) and prints the replies as JSON.

  redis_commands.py HOST:PORT [--db N] [--user U] [--password P] [--protocol 2|3]
                    [--tls-ca FILE [--tls-cert FILE --tls-key FILE]] < commands.json

commands.json is a list of commands; each command a list of arguments, each a string or
{"base64": "…"} for raw bytes. The output is a list with one reply per command: bytes become a
string when they are UTF-8 and {"base64": "…"} otherwise, maps become lists of [key, value]
pairs, errors {"error": "…"}.
"""
import argparse, base64, json, sys
import redis

parser = argparse.ArgumentParser()
parser.add_argument("address")
parser.add_argument("--db", type=int, default=0)
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--protocol", type=int, default=3)
parser.add_argument("--tls-ca")
parser.add_argument("--tls-cert")
parser.add_argument("--tls-key")
options = parser.parse_args()
host, port = options.address.rsplit(":", 1)
tls = {} if options.tls_ca is None else {
    "ssl": True, "ssl_ca_certs": options.tls_ca, "ssl_certfile": options.tls_cert, "ssl_keyfile": options.tls_key}
client = redis.Redis(host=host, port=int(port), db=options.db, username=options.user, password=options.password,
                     protocol=options.protocol, **tls)


def argument(value):
    if isinstance(value, dict):
        return base64.b64decode(value["base64"])
    return value.encode("utf-8")


def shown(value):
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (list, tuple, set)):
        return [shown(element) for element in value]
    if isinstance(value, dict):
        return [[shown(key), shown(element)] for key, element in value.items()]
    return value


replies = []
for command in json.load(sys.stdin):
    try:
        # NEVER_DECODE keeps redis-py's per-command reply callbacks from reshaping the replies:
        # the test sees what Redis sent.
        replies.append(shown(client.execute_command(*[argument(part) for part in command], NEVER_DECODE=True)))
    except redis.ResponseError as error:
        replies.append({"error": str(error)})
json.dump(replies, sys.stdout)
