"""Shuts a Redis server down with SHUTDOWN (flushing its append-only file): shutdown.py HOST:PORT"""
import sys
import redis

host, port = sys.argv[1].rsplit(":", 1)
try:
    redis.Redis(host=host, port=int(port)).shutdown()
except redis.ConnectionError:
    pass  # the server closes the connection as it goes
