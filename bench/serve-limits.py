#!/usr/bin/env python3
"""Measures `huibao serve` under the loads of issue 18 (README, serve).

    bench/serve-limits.py [binary]        # default target/release/huibao

Prints, for a server started fresh for each:
  - idle:    2,000 idle or slow connections (half send half a request head),
             then one normal request: its latency (median of 5);
  - renders: 20 parallel POST /api/render?format=docx of a 1 MiB form
             (bench/gen-big.sh paras), while an unrelated GET /api/styles is
             timed every 50 ms: that request's latency (median, max), the
             peak RSS of the server alone and of server plus workers
             (sampled every 5 ms from /proc), and how long the 20 took;
  - quiet:   the same unrelated request with nothing else running, for
             the machine's own noise;
  - bomb:    the 66 KB reference form (a 60 KB 说明 referenced 2,000 times):
             status, time, and whether the server answers afterwards;
  - nesting: 100,000 nested brackets over HTTP: status and time.
Needs Linux (/proc) and a file-descriptor hard limit of at least 2,200.
"""

import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/huibao")


def start(setup=""):
    cmd = ["bash", "-c", setup + '\nexec "$0" serve --port 0 --no-open', BIN]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=tempfile.mkdtemp())
    line = p.stdout.readline().decode()
    port = int(line.strip().rsplit(":", 1)[1].rstrip("/"))
    threading.Thread(target=lambda: p.stdout.read(), daemon=True).start()
    return p, port


def request(port, method, path, body=b"", timeout=120):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    s.sendall(head.encode() + body)
    chunks = []
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    s.close()
    data = b"".join(chunks)
    return int(data.split(b" ", 2)[1]), data


def timed(port, method, path, body=b""):
    t = time.perf_counter()
    status, data = request(port, method, path, body)
    return status, (time.perf_counter() - t) * 1000, data


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def idle():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    p, port = start("ulimit -n 1024")
    conns = []
    for i in range(2000):
        c = socket.create_connection(("127.0.0.1", port))
        if i % 2:
            c.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: ".encode())
        conns.append(c)
    times = []
    for _ in range(5):
        status, ms, _ = timed(port, "GET", "/api/styles")
        assert status == 200
        times.append(ms)
    closed = 0
    for c in conns:
        c.setblocking(False)
        try:
            closed += c.recv(1) == b""
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        c.close()
    print(f"idle:    2,000 idle/slow connections, server allowed 1,024 descriptors: "
          f"a normal request answered in {statistics.median(times):.1f} ms (median of 5, max {max(times):.1f} ms); "
          f"{closed} of the 2,000 closed to make room; server alive: {p.poll() is None}")
    p.kill()


def renders():
    form = os.path.join(tempfile.mkdtemp(), "big.yaml")
    subprocess.run([os.path.join(ROOT, "bench/gen-big.sh"), "paras", form], check=True)
    body = open(form, "rb").read()
    p, port = start()
    peak = {"server": 0, "total": 0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            server = rss_kb(p.pid)
            total = server + sum(rss_kb(c) for c in children(p.pid))
            peak["server"] = max(peak["server"], server)
            peak["total"] = max(peak["total"], total)
            time.sleep(0.005)

    latencies = []

    def unrelated():
        while not done.is_set():
            status, ms, _ = timed(port, "GET", "/api/styles")
            assert status == 200
            latencies.append(ms)
            time.sleep(0.05)

    statuses = []

    def render():
        status, _ = request(port, "POST", "/api/render?format=docx", body, timeout=600)
        statuses.append(status)

    threads = [threading.Thread(target=render) for _ in range(20)]
    watchers = [threading.Thread(target=sample), threading.Thread(target=unrelated)]
    for w in watchers:
        w.start()
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    took = time.perf_counter() - t
    done.set()
    for w in watchers:
        w.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)]
    print(f"renders: 20 parallel 1 MiB renders ({len(body)} bytes, DOCX) took {took:.1f} s, statuses {sorted(set(statuses))}; "
          f"unrelated GET /api/styles: median {statistics.median(latencies):.1f} ms, 99th percentile {p99:.1f} ms, "
          f"max {max(latencies):.1f} ms ({len(latencies)} requests); "
          f"peak RSS: server {peak['server'] / 1024:.1f} MB, server + workers {peak['total'] / 1024:.1f} MB")
    p.kill()


def quiet():
    """The unrelated request alone, for the machine's own noise."""
    p, port = start()
    latencies = sorted(timed(port, "GET", "/api/styles")[1] for _ in range(300))
    print(f"quiet:   GET /api/styles alone: median {statistics.median(latencies):.1f} ms, "
          f"99th percentile {latencies[int(len(latencies) * 0.99)]:.1f} ms, max {max(latencies):.1f} ms (300 requests)")
    p.kill()


def bomb():
    note = "说明文字" * 5000
    refs = "{甲}" * 2000
    body = (f"地区: 示例市\n单位: 示例局\n主要指标:\n  - {{名称: 甲, 数值: 1, 说明: {note}}}\n"
            f"导语: 全市{refs}\n工作成效: [{{标题: 乙}}]\n").encode()
    p, port = start()
    status, ms, data = timed(port, "POST", "/api/render?format=docx", body)
    alive, _, _ = timed(port, "GET", "/api/styles")
    message = data.split(b"\r\n\r\n", 1)[1].decode()[:90]
    print(f"bomb:    66 KB reference form ({len(body)} bytes): HTTP {status} in {ms:.1f} ms, "
          f"then GET /api/styles HTTP {alive}; {message}…")
    p.kill()


def nesting():
    body = ("地区: 甲\n单位: 乙\n导语: " + "[" * 100_000 + "\n").encode()
    p, port = start()
    status, ms, data = timed(port, "POST", "/api/check", body)
    message = data.split(b"\r\n\r\n", 1)[1].decode()[:70]
    print(f"nesting: 100,000 nested brackets over HTTP: HTTP {status} in {ms:.1f} ms; {message}…")
    p.kill()


if __name__ == "__main__":
    which = sys.argv[2:] or ["idle", "renders", "quiet", "bomb", "nesting"]
    for name in which:
        globals()[name]()
