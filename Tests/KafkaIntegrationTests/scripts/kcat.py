"""Runs Debian's kcat on the librdkafka that confluent-kafka's wheel ships.

Debian's own librdkafka (2.0.2) fails the ApiVersions handshake with Tansu (docs/DECISIONS.md);
the wheel's newer build does not, and its soname is the same, so kcat runs on it when it is
found first on the library path. stdout and the exit code are kcat's.

A read (-C, -L) whose metadata query timed out is run again, up to three times: kcat gives its
first metadata query a fixed time limit, which a loaded 2-core `make test` has run past. Reads change
nothing, so running one again is safe.

usage: kcat.py KCAT_ARGUMENTS...
"""
import glob, os, shutil, subprocess, sys, tempfile
import confluent_kafka

kcat = shutil.which("kcat") or shutil.which("kafkacat")
if kcat is None:
    sys.exit("kcat.py: kcat is not installed (apt-get install kcat; make test installs it)")
wheel_libraries = os.path.join(os.path.dirname(os.path.dirname(confluent_kafka.__file__)), "confluent_kafka.libs")
candidates = glob.glob(os.path.join(wheel_libraries, "librdkafka*.so*"))
if not candidates:
    sys.exit(f"kcat.py: no librdkafka in {wheel_libraries}")

with tempfile.TemporaryDirectory(prefix="kcat-lib-") as folder:
    # The wheel renames the library (librdkafka-HASH.so.1); kcat asks for librdkafka.so.1.
    os.symlink(candidates[0], os.path.join(folder, "librdkafka.so.1"))
    environment = dict(os.environ, LD_LIBRARY_PATH=folder)
    reading = "-C" in sys.argv[1:] or "-L" in sys.argv[1:]
    for attempt in range(3):
        result = subprocess.run([kcat] + sys.argv[1:], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if not (reading and result.returncode != 0 and b"Failed to query metadata" in result.stderr and b"Timed out" in result.stderr):
            break
    sys.stdout.buffer.write(result.stdout)
    sys.stderr.buffer.write(result.stderr)
    sys.exit(result.returncode)
