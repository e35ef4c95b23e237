"""HTTP throughput of `make prod`'s stack, measured with wrk, as ratios to nginx's ceiling.

`make bench` starts `make prod`'s stack and runs `python -m bench.http` against it, with the
variables `make prod` reads (defaults in brackets):

- PROD_PORT [8080]: the HTTP cache in front;
- PROD_APP_A_PORT [8001]: one app server, the origin, which caches nothing;
- PROD_FILES_PORT [8081]: the nginx file server behind the cache, whose `/__ceiling/` folder
  (PROD_DIR/ceiling) serves the same bytes as the chapter from disk;
- PROD_DIR [var/prod]: the stack's pid files and Varnish's working directory.

and prints, for each of the chapter through the origin (served from the render cache, and
rendered on every request) and through the cache, the API detail
and listing (origin and cache) and nginx serving the chapter's bytes, the requests per second
and their ratio to that ceiling; whether the cache answered the chapter without asking the
origin (Varnish's backend requests during the run: 0 means no query either); and the app
servers' worker memory after the load (resident and proportional set size).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

PROD_URL = f"http://127.0.0.1:{os.environ.get('PROD_PORT', '8080')}"
APP_URL = f"http://127.0.0.1:{os.environ.get('PROD_APP_A_PORT', '8001')}"
FILES_URL = f"http://127.0.0.1:{os.environ.get('PROD_FILES_PORT', '8081')}"
PROD_DIR = Path(os.environ.get("PROD_DIR", "var/prod"))
# wrk's load: threads, open connections, seconds per run.
THREADS = int(os.environ.get("BENCH_WRK_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_WRK_CONNECTIONS", "16"))
DURATION = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
# The chapter measured: the one with the most blocks, unless BENCH_CHAPTER names a path.
CHAPTER = os.environ.get("BENCH_CHAPTER", "")
API_PAGES = "/api/v2/pages/"
# Django's default session cookie name, which Planportal keeps.
SESSION_COOKIE = "sessionid"


def get(url: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read(), dict(response.headers)


def get_json(url: str):
    return json.loads(get(url)[0])


def chapter_to_measure() -> tuple[str, int]:
    """(path, page id) of the chapter: the one whose API detail is longest, or BENCH_CHAPTER."""
    listing = get_json(f"{APP_URL}{API_PAGES}?type=plan_pages.ChapterPage&locale=nb&limit=100")
    chapters = []
    for item in listing["items"]:
        detail = get(f"{APP_URL}{API_PAGES}{item['id']}/")[0]
        path = urllib.request.urlparse(item["meta"]["html_url"]).path
        chapters.append((len(detail), path, item["id"]))
    if not chapters:
        raise SystemExit(
            "The stack serves no chapter: is `make prod` running with the plan loaded?"
        )
    if CHAPTER:
        return next((path, pk) for _, path, pk in chapters if path == CHAPTER)
    _, path, pk = max(chapters)
    return path, pk


def wrk(url: str, *headers: str) -> float:
    """Requests per second wrk reaches on `url`; any non-2xx answer stops the benchmark."""
    options = [option for header in headers for option in ("-H", header)]
    result = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}s", *options, url],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx or 3xx responses" in result.stdout:
        raise SystemExit(f"{url} answered errors under load:\n{result.stdout}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if not match:
        raise SystemExit(f"wrk printed no rate for {url}:\n{result.stdout}{result.stderr}")
    return float(match.group(1))


def varnish_counter(name: str) -> int:
    """One of Varnish's counters (MAIN.backend_req …) from the stack's varnishd instance."""
    result = subprocess.run(
        ["varnishstat", "-n", str((PROD_DIR / "varnish").resolve()), "-1", "-j", "-f", name],
        capture_output=True,
        text=True,
        check=True,
    )
    counters = json.loads(result.stdout)
    counters = counters.get("counters", counters)
    return int(counters[name]["value"])


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(resident, proportional) set size of a process in KiB; shared pages split in PSS."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    values = dict(re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.MULTILINE))
    return int(values["Rss"]), int(values["Pss"])


def app_worker_memory() -> list[tuple[int, int]]:
    """Every app server's workers' memory, from the gunicorn masters' pid files."""
    workers = []
    for pidfile in sorted(PROD_DIR.glob("app-*.pid")):
        workers += [memory_kib(pid) for pid in children(int(pidfile.read_text().strip()))]
    return workers


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs it (Debian's package wrk).")
    path, pk = chapter_to_measure()
    body, _ = get(f"{APP_URL}{path}")
    ceiling_dir = PROD_DIR / "ceiling"
    ceiling_dir.mkdir(parents=True, exist_ok=True)
    (ceiling_dir / "chapter.html").write_bytes(body)
    served = get(f"{FILES_URL}/__ceiling/chapter.html")[0]
    assert served == body, "nginx does not serve the chapter's bytes"
    # Warm the cache: the first request through it is a miss.
    get(f"{PROD_URL}{path}")
    out = sys.stdout
    out.write(
        f"Chapter {path} ({len(body):,} bytes), wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s\n\n"
    )

    ceiling = wrk(f"{FILES_URL}/__ceiling/chapter.html")
    rows = [("nginx, the chapter's bytes from disk (ceiling)", ceiling)]
    backend_before = varnish_counter("MAIN.backend_req")
    cached = wrk(f"{PROD_URL}{path}")
    origin_requests = varnish_counter("MAIN.backend_req") - backend_before
    rows.append(("chapter through the cache", cached))
    rows.append(("chapter at the origin, from the render cache", wrk(f"{APP_URL}{path}")))
    # A client with a session cookie is never served a kept rendering (core.render_cache):
    # every request renders the page, as the first one after a change does.
    rows.append(
        (
            "chapter at the origin, rendered every request",
            wrk(f"{APP_URL}{path}", f"Cookie: {SESSION_COOKIE}=bench-no-such-session"),
        )
    )
    rows.append(("API detail at the origin", wrk(f"{APP_URL}{API_PAGES}{pk}/")))
    rows.append(("API detail through the cache", wrk(f"{PROD_URL}{API_PAGES}{pk}/")))
    rows.append(("API listing at the origin", wrk(f"{APP_URL}{API_PAGES}?limit=20")))
    rows.append(("API listing through the cache", wrk(f"{PROD_URL}{API_PAGES}?limit=20")))

    width = max(len(label) for label, _ in rows)
    out.write(f"{'':<{width}}  {'req/s':>9}  {'× nginx':>8}\n")
    for label, rate in rows:
        out.write(f"{label:<{width}}  {rate:>9.0f}  {rate / ceiling:>8.4f}\n")
    out.write(
        f"\nRequests the cache passed to the app servers while serving the chapter: "
        f"{origin_requests} (0: no query on a hit)\n"
    )
    memory = app_worker_memory()
    if memory:
        rss = max(r for r, _ in memory) / 1024
        pss = max(p for _, p in memory) / 1024
        out.write(
            f"App server workers after the load: {len(memory)}, largest RSS {rss:.0f} MiB, "
            f"largest PSS {pss:.0f} MiB\n"
        )
    return 0 if origin_requests == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
