"""Key press to screen, end to end: the real evmon in tmux (curses drawing included) on a demo
broker pushing ~50,000 messages/s; each press of `z` toggles zoom, and the time until
`tmux capture-pane` shows the change is one sample. Polling tmux costs a few milliseconds per
look, so the figures are an upper bound.

usage: bench_keypress_tmux.py EVMON_BIN [PRESSES] [EVENTS_PER_SECOND]
"""
import os, subprocess, sys, tempfile, time

evmon = sys.argv[1]
presses = int(sys.argv[2]) if len(sys.argv) > 2 else 200
rate = float(sys.argv[3]) if len(sys.argv) > 3 else 50_000
socket = os.path.join(tempfile.gettempdir(), f"evmon-bench-{os.getpid()}.sock")
session = "bench"

def tmux(*arguments):
    return subprocess.run(["tmux", "-S", socket, *arguments], check=True, capture_output=True, text=True).stdout

def screen():
    return tmux("capture-pane", "-p", "-t", session)

tmux("-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "200", "-y", "60",
     "-e", "NO_COLOR=1", evmon, "ui", "--broker", f"demo://?rate={rate / 2.2:.0f}")
try:
    deadline = time.time() + 30
    while "connected" not in screen():
        if time.time() > deadline:
            raise SystemExit("evmon did not start")
        time.sleep(0.1)
    time.sleep(3)
    samples = []
    zoomed = False
    for _ in range(presses):
        started = time.perf_counter()
        tmux("send-keys", "-t", session, "z")
        zoomed = not zoomed
        while True:
            shown = screen()
            # Zoomed on the stream, the topics pane's title is gone; unzoomed, it is back.
            if ("1 Topics" not in shown) == zoomed:
                break
            if time.perf_counter() - started > 5:
                raise SystemExit("the screen did not change within 5 s")
        samples.append((time.perf_counter() - started) * 1000)
        time.sleep(0.05)
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(len(samples) * q))]
    status = [line for line in screen().splitlines() if "msg/s" in line]
    print(f"keypress-tmux: {len(samples)} presses, key to screen p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, "
          f"max {samples[-1]:.1f} ms (goal p99 < 50 ms); status: {status[0].strip() if status else '?'}")
finally:
    subprocess.run(["tmux", "-S", socket, "kill-server"], capture_output=True)
    if os.path.exists(socket):
        os.unlink(socket)
