#!/usr/bin/env python3
"""Writers and readers against a running Lodestar while PostgreSQL is restarted, then a check that nothing accepted was lost.

Called by pg-restart.sh (which starts PostgreSQL and Lodestar). Every write is a value for its own (element, unit,
period) key, so afterwards each accepted write must be in the database with exactly its value. Prints one summary
line and exits 1 when an accepted write is missing or Lodestar never answered again after a restart.
"""
import json, os, subprocess, sys, threading, time, urllib.request, urllib.error

URL, TOKEN, SECONDS = os.environ["URL"], os.environ["TOKEN"], int(os.environ.get("SECONDS_", "40"))
PSQL = os.environ["PSQL"].split()
RESTARTS = [float(x) for x in os.environ.get("RESTART_AT", "10,25").split(",")]
elements = os.environ["ELEMENTS"].split(",")
units = os.environ["UNITS"].split(",")
periods = [f"{y}{m:02d}" for y in (2025, 2026) for m in range(1, 13) if (y, m) >= (2025, 7)]
keys = [(e, u, p) for e in elements for u in units for p in periods]
lock = threading.Lock()
accepted, failed, accepted_at = {}, [], []
counter = [0]
started = time.time()


def call(method, path, body=None):
    req = urllib.request.Request(URL + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.read()


def writer():
    while time.time() - started < SECONDS:
        with lock:
            k = counter[0]; counter[0] += 1
        if k >= len(keys):
            return
        e, u, p = keys[k]
        value = 1000 + k
        try:
            status, _ = call("POST", "/api/v1/data-values", {"dataValues": [{"dataElement": e, "orgUnit": u, "period": p, "value": value}]})
            with lock:
                accepted[(e, u, p)] = value
                accepted_at.append(time.time() - started)
        except (urllib.error.URLError, OSError) as x:
            with lock:
                failed.append((time.time() - started, str(getattr(x, "code", x))))
            time.sleep(0.05)


def reader():
    while time.time() - started < SECONDS:
        try:
            call("GET", "/api/v1/dashboard")
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)


def restarter():
    for at in RESTARTS:
        time.sleep(max(0, at - (time.time() - started)))
        mode = "fast" if at == RESTARTS[0] else "immediate"  # a clean restart, then a crash of the server
        subprocess.run(os.environ["PG_RESTART"].replace("MODE", mode), shell=True, check=True, stdout=subprocess.DEVNULL)


threads = [threading.Thread(target=writer) for _ in range(6)] + [threading.Thread(target=reader) for _ in range(2)] + [threading.Thread(target=restarter)]
for t in threads: t.start()
for t in threads: t.join()

rows = subprocess.run(PSQL + ["-At", "-F", ",", "-c",
    'SELECT e."Code", u."Code", v."Period", v."Value" FROM "DataValues" v JOIN "DataElements" e ON e."Id" = v."DataElementId" '
    'JOIN "OrgUnits" u ON u."Id" = v."OrgUnitId"'],
    check=True, capture_output=True, text=True).stdout.splitlines()
stored = {}
for r in rows:
    e, u, p, v = r.split(",")
    stored[(e, u, p)] = float(v)
lost = [k for k, v in accepted.items() if stored.get(k) != v]
# Per restart: from the first refused write to the first write accepted after the last refusal.
bounds = RESTARTS + [float("inf")]
outages = []
for at, until in zip(RESTARTS, bounds[1:]):
    fails = [t for t, _ in failed if at <= t < until]
    back = [t for t in accepted_at if fails and t > max(fails)]
    outages.append(None if not fails else (back[0] - min(fails) if back else None))
print(f"accepted {len(accepted)} writes, {len(failed)} refused or cut while PostgreSQL was down, lost {len(lost)}; "
      + "; ".join(f"restart at {a:.0f} s: " + ("no write refused" if o is None and not [t for t, _ in failed if a <= t < b]
                  else "writes never came back" if o is None else f"writes refused for {o:.1f} s")
                  for a, b, o in zip(RESTARTS, bounds[1:], outages)))
sys.exit(1 if lost or any(o is None and [t for t, _ in failed if a <= t < b] for a, b, o in zip(RESTARTS, bounds[1:], outages)) else 0)
