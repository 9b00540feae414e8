"""A stand-in for a schema registry's REST API (no registry server installs here): only the
routes confluent-kafka's serializers and evmon use, schemas kept in memory. Everything that
touches bytes in the tests is real; this only hands out ids and texts.

usage: schema_registry.py [--tls CERT KEY] [USER PASSWORD]
(--tls: https with that certificate; USER PASSWORD: every request needs that basic auth)
prints "listening http://127.0.0.1:PORT" (https://…) once it accepts connections; each GET it answers is
logged as "GET PATH" (the tests count how often evmon asks).
"""
import base64, binascii, json, re, ssl, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from proto_text import proto_text

arguments = sys.argv[1:]
tls = None
if arguments[:1] == ["--tls"]:
    tls, arguments = arguments[1:3], arguments[3:]
auth = None
if len(arguments) == 2:
    auth = "Basic " + base64.b64encode(f"{arguments[0]}:{arguments[1]}".encode()).decode()
lock = threading.Lock()
schemas = {}    # id -> {"schema", "schemaType", "references"}
subjects = {}   # subject -> [id, ...] (version = index + 1)


def key(entry):
    return json.dumps([entry.get("posted", entry["schema"]), entry.get("schemaType", "AVRO"), entry.get("references", [])], sort_keys=True)


def stored_form(entry):
    """A Protobuf schema posted as a base64 descriptor is kept as the .proto text a registry
    answers with; what was posted still identifies it for lookups."""
    if entry.get("schemaType") == "PROTOBUF":
        try:
            text = proto_text(base64.b64decode(entry["schema"], validate=True))
            return {**entry, "posted": entry["schema"], "schema": text}
        except (binascii.Error, ValueError):
            pass
    return entry


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorized(self):
        if auth is None or self.headers.get("Authorization") == auth:
            return True
        self.answer(401, {"error_code": 401, "message": "Unauthorized"})
        return False

    def version_entry(self, subject, version):
        ids = subjects.get(subject, [])
        index = len(ids) if version == "latest" else int(version)
        if not 1 <= index <= len(ids):
            return None
        schema_id = ids[index - 1]
        return {"subject": subject, "version": index, "id": schema_id, **self.stored(schema_id)}

    def stored(self, schema_id):
        entry = schemas[schema_id]
        body = {"schema": entry["schema"], "references": entry.get("references", [])}
        if entry.get("schemaType", "AVRO") != "AVRO":
            body["schemaType"] = entry["schemaType"]
        return body

    def do_GET(self):
        if not self.authorized():
            return
        print("GET", self.path, flush=True)
        path = self.path.split("?")[0]
        with lock:
            if m := re.fullmatch(r"/schemas/ids/(\d+)", path):
                schema_id = int(m[1])
                return self.answer(200, self.stored(schema_id)) if schema_id in schemas else self.answer(404, {"error_code": 40403, "message": "Schema not found"})
            if m := re.fullmatch(r"/schemas/ids/(\d+)/versions", path):
                found = [{"subject": s, "version": i + 1} for s, ids in subjects.items() for i, x in enumerate(ids) if x == int(m[1])]
                return self.answer(200, found)
            if m := re.fullmatch(r"/subjects/([^/]+)/versions/(\w+)", path):
                entry = self.version_entry(m[1], m[2])
                return self.answer(200, entry) if entry else self.answer(404, {"error_code": 40402, "message": "Version not found"})
            if path == "/subjects":
                return self.answer(200, sorted(subjects))
        self.answer(404, {"error_code": 404, "message": "no such route"})

    def do_POST(self):
        if not self.authorized():
            return
        path = self.path.split("?")[0]
        entry = stored_form(json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}"))
        with lock:
            found = next((i for i, e in schemas.items() if key(e) == key(entry)), None)
            if m := re.fullmatch(r"/subjects/([^/]+)/versions", path):
                if found is None:
                    found = len(schemas) + 1
                    schemas[found] = entry
                ids = subjects.setdefault(m[1], [])
                if found not in ids:
                    ids.append(found)
                return self.answer(200, {"id": found})
            if m := re.fullmatch(r"/subjects/([^/]+)", path):
                ids = subjects.get(m[1], [])
                if found is None or found not in ids:
                    return self.answer(404, {"error_code": 40403, "message": "Schema not found"})
                return self.answer(200, {"subject": m[1], "version": ids.index(found) + 1, "id": found, **self.stored(found)})
        self.answer(404, {"error_code": 404, "message": "no such route"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if tls:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls[0], tls[1])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(f"listening {'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
