"""Catching up through the real TUI: evmon in tmux streams TOPIC of URL from the earliest
message; while the status bar says `catching up`, each press of `z` (zoom) is timed until
`tmux capture-pane` shows the change, and each time the bar says the broker's rate again (caught
up), `:seek earliest` starts the catch-up over. Reports key-to-screen p50/p99 during catch-up,
how long each catch-up took, and evmon's peak resident memory. Polling tmux costs a few ms a
look, so the key figures are an upper bound.

usage: bench_catchup_tmux.py EVMON_BIN URL TOPIC [PRESSES]
"""
import os, subprocess, sys, tempfile, time

evmon, url, topic = sys.argv[1], sys.argv[2], sys.argv[3]
presses = int(sys.argv[4]) if len(sys.argv) > 4 else 200
socket = os.path.join(tempfile.gettempdir(), f"evmon-catchup-{os.getpid()}.sock")
session = "catchup"


def tmux(*arguments):
    return subprocess.run(["tmux", "-S", socket, *arguments], check=True, capture_output=True, text=True).stdout


def screen():
    return tmux("capture-pane", "-p", "-t", session)


def resident_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        raise SystemExit("evmon exited; the screen was:\n" + screen())


tmux("-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "200", "-y", "60",
     "-e", "NO_COLOR=1", evmon, "ui", "--broker", url, topic, "--from", "earliest")
try:
    pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
    samples, catch_ups, peak = [], [], 0
    zoomed = False
    began = time.perf_counter()
    while len(samples) < presses:
        shown = screen()
        peak = max(peak, resident_kib(pid))
        if "catching up" not in shown:
            if " broker " in shown:
                catch_ups.append(time.perf_counter() - began)
                tmux("send-keys", "-t", session, ":seek earliest", "Enter")
                began = time.perf_counter()
                while "catching up" not in screen():
                    if time.perf_counter() - began > 10:
                        raise SystemExit("`:seek earliest` did not start a catch-up within 10 s")
            elif time.perf_counter() - began > 60:
                raise SystemExit("evmon did not start catching up within 60 s")
            continue
        started = time.perf_counter()
        tmux("send-keys", "-t", session, "z")
        zoomed = not zoomed
        while ("1 Topics" not in screen()) != zoomed:
            if time.perf_counter() - started > 5:
                raise SystemExit("the screen did not change within 5 s")
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(len(samples) * q))]
    durations = sorted(catch_ups[1:] or catch_ups) or [float("nan")]
    print(f"catchup-tmux: {len(samples)} presses during {len(catch_ups)} catch-ups; key to screen p50 {pick(0.5):.1f} ms, "
          f"p99 {pick(0.99):.1f} ms, max {samples[-1]:.1f} ms (goal p99 < 50 ms); a catch-up took {durations[len(durations) // 2]:.2f} s "
          f"(median, as the status bar shows it); peak RSS {peak // 1024} MiB (goal ≤ 150)")
finally:
    subprocess.run(["tmux", "-S", socket, "kill-server"], capture_output=True)
    if os.path.exists(socket):
        os.unlink(socket)
