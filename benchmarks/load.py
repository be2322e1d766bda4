"""The load run: gunicorn on a free loopback port, real sign-ins, then wrk driving a mix of the
main pages for a bounded time. Reports throughput, errors (anything but 200) and each worker's
peak RSS (VmHWM). gunicorn is always shut down, whatever happens.
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

from .build import PASSWORD

LUA = r"""
-- Globals, not locals: done() reads each thread's counters with thread:get().
requests = {REQUESTS}
counter = 0
errors = 0
ok = 0
threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(#requests) - 1
end

function request()
  counter = counter + 1
  local r = requests[(counter % #requests) + 1]
  return wrk.format("GET", r[1], {["Cookie"] = r[2]})
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else errors = errors + 1 end
end

function done(summary, latency, requests)
  local e, o = 0, 0
  for _, t in ipairs(threads) do
    e = e + t:get("errors")
    o = o + t:get("ok")
  end
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "ok": %d, "errors": %d, "socket_errors": %d, '
    .. '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, o, e,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(base, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited before it was ready")
        try:
            with urllib.request.urlopen(base + "/accounts/login/", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def sign_in(base, username) -> str:
    """A real sign-in through the login form; returns the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (our own loopback server)
        base + "/accounts/login/", data=data, headers={"Referer": base + "/accounts/login/"}
    )
    opener.open(request, timeout=30).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"sign-in as {username} failed")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _children(pid) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


def _status_kb(pid, key) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def run_load(paths_by_user: dict[str, list[str]], *, seconds=30, workers=3, log=print) -> dict:
    """``paths_by_user``: username -> the pages that user requests (the mix, round-robin)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk is not installed (apt-get install -y wrk)"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(  # noqa: S603
        [
            gunicorn,
            "chance.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=os.environ.copy(),
        start_new_session=True,
    )
    peak = {}
    try:
        _wait_ready(base, proc)
        requests = []
        for username, paths in paths_by_user.items():
            cookie = sign_in(base, username)
            requests += [(path, cookie) for path in paths]
        lua = "{" + ",".join(f"{{{json.dumps(p)}, {json.dumps(c)}}}" for p, c in requests) + "}"
        script = Path(settings.BASE_DIR) / "var" / "bench" / "mix.lua"
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(LUA.replace("{REQUESTS}", lua))
        log(f"load: wrk for {seconds}s against {workers} gunicorn workers on port {port}")
        out = subprocess.run(  # noqa: S603
            [wrk, "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
        for pid in _children(proc.pid):
            peak[pid] = _status_kb(pid, "VmHWM")
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
        if line is None:
            return {"error": "wrk gave no summary", "stderr": out.stderr[-2000:]}
        result = json.loads(line[len("WRKJSON ") :])
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    total = result["ok"] + result["errors"] + result["socket_errors"]
    result.update(
        workers=workers,
        throughput_rps=round(result["requests"] / max(result["seconds"], 0.001), 1),
        error_rate=round((result["errors"] + result["socket_errors"]) / max(total, 1), 4),
        worker_peak_rss_mb={str(pid): round(kb / 1024, 1) for pid, kb in peak.items() if kb},
        mix=[p for paths in paths_by_user.values() for p in paths],
    )
    return result
