"""How fast the site answers over HTTP, as production runs it, measured against its own floor.

Starts gunicorn (gunicorn.conf.py, DJANGO_DEBUG=0, 5 workers, `--no-control-socket`) on 127.0.0.1
with a fresh SQLite database in a temporary folder and the course loaded, makes learner sessions
through the real pages (each learner reads lessons and takes a quiz), then runs wrk for 10 s per case,
every request accepting compression as a browser does (so pages and the static file go out gzipped).
Every case runs between two runs of its reference, and the whole schedule runs three times over
(--passes): a case's ratio is the median of its three.

  static file   a copy of the lesson page served by whitenoise (pre-gzipped, as collectstatic leaves
                every file): the physical limit of this stack
  /healthz      Django's floor: the middleware and one query
  lesson page   anonymous, and with a learner's session (cookies rotate over every learner)
  course home   anonymous, and with a learner's session
  answer POST   a "check yourself" answer from a learner, a fresh submission token on every request
                (as htmx sends it); afterwards the rows are counted: every answer stored once

It prints requests/s, p50/p95/p99, the CPU time the gunicorn workers spent per request (read from
/proc: what a request costs the server, steadier than requests/s on a busy machine) and the ratios the
budgets below ask for, and the weight of a first visit to the lesson (HTML, CSS, JavaScript and
images, compressed as served). The exit status is 1 when a budget is missed. Everything runs on the
loopback, is bounded in time (about 10 minutes; 20 with --growth) and is removed afterwards.

--growth runs everything again with a lesson twice as long and a cohort of 1,000 learners, and says
how each figure grew (it should grow at most linearly: twice the lesson, at most twice the time).

The machine's other load moves absolute figures; the budgets are ratios measured in the same run,
which it moves much less. It still moves them: on a shared 2-CPU virtual machine the same code gave
one case 0.46 in one run and 0.65 in the next, as the machine's speed changed within a minute. So
no single run decides: each pass measures every case again, and the median of the passes is what
the budget is held to (the table lists every pass's ratio next to it).
Run: .venv/bin/python benchmarks/http.py [--learners 100] [--passes 3] [--growth]
"""

from __future__ import annotations

# `python benchmarks/http.py` puts benchmarks/ first on sys.path, where this file would shadow the
# standard library's `http` package that urllib imports: take that entry out before anything else.
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != _HERE]

import argparse  # noqa: E402
import concurrent.futures  # noqa: E402
import gzip  # noqa: E402
import http.cookiejar  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(_HERE).parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # the only address this script ever talks to
LESSON = "image-layers"
LONG_LESSON = "image-layers-twice"

# The budgets: each case's requests/s as a share of a reference measured in the same run.
BUDGETS = {
    "lesson page, anonymous": ("static file", 0.5),
    "lesson page, learner": ("static file", 0.5),
    "course home, anonymous": ("static file", 0.5),
    "course home, learner": ("static file", 0.5),
    "answer POST, learner": ("/healthz", 0.5),
}
SETTLE_SECONDS = 3
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium and Firefox send
FIRST_VISIT_BUDGET = 60_000  # bytes (60 kB) for the lesson page and everything it loads, compressed


# --- wrk -------------------------------------------------------------------------------------------

LUA_COMMON = r"""
-- Each wrk thread has its own Lua state and its own math.random: seed each one differently, or
-- two threads would send the same "fresh" submission tokens.
local threads_made = 0
function setup(thread)
  threads_made = threads_made + 1
  thread:set("thread_number", threads_made)
end

function init(args)
  math.randomseed(os.time() * 1000 + thread_number * 7919)
  if prepare then prepare() end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%.0f p95_us=%.0f p99_us=%.0f status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
"""

# The learners' requests are built once per wrk thread (`prepare`), as wrk builds the single
# request of the other cases once, so that wrk, which shares the two CPUs with the server, spends
# less of them on the learners' cases (the table's "wrk CPU" column) and a case's ratio says more
# about the server. Only the answer's submission token is made per request: 8 random numbers and
# one format. Building every request in Lua (headers, wrk.format, a token by gsub) cost wrk 204 to
# 212 µs per answer and 177 to 203 per learner's lesson page; built once, 168 to 198 and 165 to 189
# (three alternations on a slow day, when /healthz cost wrk about 150).
LUA_SESSIONS = r"""
sessions = {%(sessions)s}
local method = "%(method)s"
local path = "%(path)s"
local random, format = math.random, string.format
local TOKEN_LENGTH = 36
local prebuilt = {}

local function uuid4()
  return format("%%04x%%04x-%%04x-4%%03x-%%04x-%%04x%%04x%%04x",
    random(0, 0xffff), random(0, 0xffff), random(0, 0xffff), random(0, 0xfff),
    random(0x8000, 0xbfff), random(0, 0xffff), random(0, 0xffff), random(0, 0xffff))
end

function prepare()
  for i, session in ipairs(sessions) do
    local headers = {
      ["Cookie"] = session.cookie, ["Host"] = "127.0.0.1", ["Accept-Encoding"] = "%(accept_encoding)s"
    }
    if method == "POST" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      headers["HX-Request"] = "true"
      -- The body ends with the token, so the request is everything before it plus a new token
      -- (wrk.format counts the body's length, which a token of the same length keeps).
      local whole = wrk.format("POST", session.path, headers,
        session.before .. string.rep("0", TOKEN_LENGTH))
      prebuilt[i] = whole:sub(1, #whole - TOKEN_LENGTH)
    else
      prebuilt[i] = wrk.format("GET", path, headers)
    end
  end
end

function request()
  local built = prebuilt[random(#prebuilt)]
  if method == "POST" then
    return built .. uuid4()
  end
  return built
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII text is a valid Lua string literal


@dataclass
class Figures:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    status_errors: int
    socket_errors: int
    # CPU time (user and system) the gunicorn workers spent per request during the run: what a
    # request costs the server, which the requests/s of a busy machine only show through its load.
    worker_cpu_us: float = 0.0
    # wrk's own CPU time per request: the load generator shares the two CPUs with the server.
    client_cpu_us: float = 0.0


def run_wrk(url: str, script: str, *, seconds: int, connections: int, folder: Path) -> Figures:
    """One wrk run, bounded by -d, against 127.0.0.1 only."""
    assert url.startswith(f"http://{HOST}:"), url
    path = folder / "case.lua"
    # Every request asks for what a browser accepts, so pages and the static file go out
    # compressed, as people get them (the sessions' script sets its headers itself, the same way).
    accept = f'wrk.headers["Accept-Encoding"] = {lua_string(ACCEPT_ENCODING)}\n'
    path.write_text(accept + LUA_COMMON + script, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(path),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    values = {key: float(value) for key, value in (part.split("=") for part in line.split()[1:])}
    client_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Figures(
        requests_per_second=values["requests"] / (values["duration_us"] / 1e6),
        p50_ms=values["p50_us"] / 1000,
        p95_ms=values["p95_us"] / 1000,
        p99_ms=values["p99_us"] / 1000,
        requests=int(values["requests"]),
        status_errors=int(values["status_errors"]),
        socket_errors=int(values["socket_errors"]),
        client_cpu_us=client_seconds / max(values["requests"], 1) * 1e6,
    )


# --- a small browser -------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)  # radio/checkbox name -> values


class FormParser(HTMLParser):
    """Every form of a page with its fields as a browser would send them by default."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.assets: list[str] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link" and attributes.get("rel") in {"stylesheet", "icon"}:
            self.assets.append(attributes["href"])
        elif tag in {"script", "img"} and attributes.get("src"):
            self.assets.append(attributes["src"])
        elif tag == "form":
            self.forms.append(Form(attributes.get("action", ""), attributes.get("method", "get")))
        elif not self.forms:
            return
        elif tag == "input":
            form, name = self.forms[-1], attributes.get("name")
            kind = attributes.get("type", "text")
            if not name:
                return
            if kind in {"radio", "checkbox"}:
                form.choices.setdefault(name, []).append(attributes.get("value", "on"))
            elif kind == "number" or attributes.get("inputmode") == "decimal":
                form.fields.append((name, attributes.get("value") or "1"))
            else:
                form.fields.append((name, attributes.get("value") or "x"))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = (
                attributes.get("name"),
                None,
                False,
            )
        elif tag == "option" and self._select:
            value = attributes.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attributes:
                self.forms[-1].fields.append((self._select, value))
                self._select_chosen = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.forms[-1].fields.append((self._select, self._select_first))
            self._select = None


def parse_page(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


class Browser:
    """Cookies kept between requests, forms submitted as they are, redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def submit(self, form: Form, extra: list[tuple[str, str]] | None = None) -> str:
        data = form.fields + [(name, values[0]) for name, values in form.choices.items()]
        body = urllib.parse.urlencode(data + (extra or [])).encode()
        request = urllib.request.Request(self.base + form.action, data=body, method="POST")
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)


def answer_forms(page: FormParser) -> list[Form]:
    return [
        form for form in page.forms if re.search(r"^/quiz/questions/[^/]+/answer/$", form.action)
    ]


def form_named(page: FormParser, pattern: str) -> Form:
    return next(form for form in page.forms if re.search(pattern, form.action))


@dataclass
class LearnerSession:
    cookie: str
    answer_path: str
    answer_before: str  # the form body up to the submission token, which goes last


def make_learner(base: str, lesson: str, takes_quiz: bool) -> LearnerSession:
    """A learner made through the real pages: reads two lessons, maybe takes a quiz."""
    browser = Browser(base)
    for slug in ("containers-vs-vms", lesson):
        page = parse_page(browser.get(f"/lessons/{slug}/"))
        browser.submit(form_named(page, r"/read/$"))
    if takes_quiz:
        quiz = f"/lessons/{LESSON}/quiz/"
        page = parse_page(browser.get(quiz))
        browser.submit(form_named(page, r"/quiz/start/$"))
        for _ in range(50):  # a quiz has fewer questions than this; the loop is only a bound
            forms = answer_forms(parse_page(browser.get(quiz)))
            if not forms:
                break
            browser.submit(forms[0])
    page = parse_page(browser.get(f"/lessons/{LESSON}/"))
    card = answer_forms(page)[0]
    fields = [item for item in card.fields if item[0] != "token"]
    fields += [(name, values[0]) for name, values in card.choices.items()]
    before = urllib.parse.urlencode(fields) + "&token="
    return LearnerSession(browser.cookie_header(), card.action, before)


# --- the server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn in production mode on 127.0.0.1, on its own database and static folder."""

    def __init__(self, folder: Path, workers: int) -> None:
        self.folder = folder
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.database = folder / "db.sqlite3"
        self.static_root = folder / "static"
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_HTTPS": "0",  # plain HTTP on the loopback: cookies must come back over http://
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "DJANGO_STATIC_ROOT": str(self.static_root),
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
        }

    def manage(self, *arguments: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def prepare(self, content_arguments: list[str]) -> None:
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")
        self.manage("sync_content", *content_arguments)
        self.manage("collectstatic", "--noinput")

    def start(self) -> None:
        log = (self.folder / "gunicorn.log").open("w")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--config",
                "gunicorn.conf.py",
                "--no-control-socket",
                "--bind",
                f"{HOST}:{self.port}",  # the loopback only, whatever gunicorn.conf.py says
                "config.wsgi",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.wait_for("/healthz")

    def wait_for(self, path: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + path, timeout=5) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.HTTPError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer {path}; see {self.folder / 'gunicorn.log'}")

    def restart(self, path: str) -> None:
        """A new server (it finds static files added since the start), then wait for `path`.

        Not a SIGHUP: with preload_app the master keeps the site it imported, whitenoise's list
        of static files included.
        """
        self.stop()
        self.start()
        self.wait_for(path)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def worker_cpu_seconds(self) -> float:
        """CPU time (user and system) the gunicorn workers have used so far (Linux's /proc).

        The live workers' own time, and the master's children's time: a worker replaced after
        max_requests has its time added there when the master reaps it.
        """
        master, ticks = str(self.process.pid), 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # "pid (name) state ppid ... utime stime cutime cstime ...": fields 14 to 17,
                # counted from 1, so 11 to 14 after the name.
                pid, after_name = stat.read_text().rsplit(")", 1)
                fields = after_name.split()
            except (OSError, ValueError):
                continue  # a process that ended while being read
            if fields[1] == master:
                ticks += int(fields[11]) + int(fields[12])
            elif pid.split(" (", 1)[0] == master:
                ticks += int(fields[13]) + int(fields[14])
        return ticks / os.sysconf("SC_CLK_TCK")

    def attempts(self) -> tuple[int, int]:
        """(rows, distinct (learner, token) pairs) in the answers table."""
        with sqlite3.connect(self.database) as connection:
            return connection.execute(
                "SELECT COUNT(*), COUNT(DISTINCT learner_id || ':' || submission_token)"
                " FROM quiz_attempt"
            ).fetchone()


# --- content for the growth case --------------------------------------------------------------------


def long_lesson_content(folder: Path) -> list[str]:
    """A copy of the course plus a lesson that is the image-layers lesson twice over."""
    lessons = folder / "lessons"
    shutil.copytree(ROOT / "lessons" / "content", lessons)
    source = (lessons / "02-image-layers.md").read_text(encoding="utf-8")
    _, front, body = source.split("---\n", 2)
    front = front.replace(f"slug: {LESSON}", f"slug: {LONG_LESSON}").replace(
        "order: 2", "order: 98"
    )
    front = re.sub(r"^title: (.*)$", r"title: \1 (twice over)", front, count=1, flags=re.MULTILINE)
    # The second copy keeps the text, not the embedded questions, with heading ids of its own.
    second = re.sub(r"```quiz\n.*?```\n", "", body, flags=re.DOTALL)
    second = re.sub(r"\{#([a-z0-9-]+)\}", r"{#\1-again}", second)
    second = re.sub(r"\(#([a-z0-9-]+)\)", r"(#\1-again)", second)
    (lessons / "98-image-layers-twice.md").write_text(
        f"---\n{front}---\n{body}\n{second}", encoding="utf-8"
    )
    return [
        "--lessons-dir",
        str(lessons),
        "--questions-dir",
        str(ROOT / "quiz" / "content"),
        "--drills-dir",
        str(ROOT / "drills" / "content"),
    ]


# --- one round -------------------------------------------------------------------------------------


@dataclass
class Case:
    """One case's runs, one per pass, each with its reference's runs just before and just after."""

    runs: list[Figures] = field(default_factory=list)
    around: list[list[Figures]] = field(default_factory=list)

    def ratios(self) -> list[float]:
        """Each pass's requests/s over the mean of its reference's runs around it."""
        return [
            run.requests_per_second / mean_rate(references)
            for run, references in zip(self.runs, self.around, strict=True)
        ]

    def ratio(self) -> float:
        """The median of the passes' ratios: one pass caught in a slow minute does not decide."""
        return statistics.median(self.ratios())

    def typical(self) -> Figures:
        """The run whose ratio is the median (the lower middle one for an even count of passes)."""
        ratios = self.ratios()
        order = sorted(range(len(ratios)), key=ratios.__getitem__)
        return self.runs[order[(len(order) - 1) // 2]]


@dataclass
class Round:
    cases: dict[str, Case]
    references: dict[str, list[Figures]]  # every run of the static file and of /healthz
    lesson_bytes: int
    first_visit: dict[str, int]
    stored: tuple[int, int, int]  # rows added, distinct tokens added, answers accepted
    learners: int


def fetch_raw(base: str, path: str) -> tuple[bytes, dict[str, str]]:
    """The body as a browser receives it (compressed as it accepts), and the headers."""
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": ACCEPT_ENCODING})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), dict(response.headers)


def first_visit_weight(base: str, lesson: str) -> dict[str, int]:
    """Bytes of a first visit as served with compression: the page and every asset it loads."""
    html, _ = fetch_raw(base, f"/lessons/{lesson}/")
    weights = {"HTML": len(html)}
    with urllib.request.urlopen(f"{base}/lessons/{lesson}/", timeout=30) as response:
        assets = parse_page(response.read().decode()).assets
    for asset in dict.fromkeys(assets):
        body, _ = fetch_raw(base, asset)
        kind = asset.rsplit(".", 1)[-1].upper()
        weights[kind] = weights.get(kind, 0) + len(body)
    return weights


def run_round(args, folder: Path, *, lesson: str, learners: int, content: list[str]) -> Round:
    folder.mkdir(parents=True, exist_ok=True)
    server = Server(folder, args.workers)
    print(f"  preparing a database in {folder} ...", flush=True)
    server.prepare(content)
    server.start()
    try:
        with urllib.request.urlopen(f"{server.base}/lessons/{lesson}/", timeout=30) as response:
            page = response.read()
        static_copy = server.static_root / "bench" / "lesson-copy.html"
        static_copy.parent.mkdir(parents=True, exist_ok=True)
        static_copy.write_bytes(page)
        # collectstatic keeps a gzipped copy of every file, which whitenoise serves to browsers
        # that accept it: the reference gets one too, at the level whitenoise uses. Not a Brotli
        # copy, which whitenoise would prefer: pages go out gzipped, and the reference must send
        # the bytes a page sends, so the ratios compare the work per request, not the encodings.
        static_copy.with_name(static_copy.name + ".gz").write_bytes(
            gzip.compress(page, compresslevel=9, mtime=0)
        )
        server.restart("/static/bench/lesson-copy.html")
        for path in ("/static/bench/lesson-copy.html", f"/lessons/{lesson}/"):
            if fetch_raw(server.base, path)[1].get("Content-Encoding") != "gzip":
                raise RuntimeError(f"{path} is not served gzipped: the cases would not compare")

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            # Every learner reads two lessons; one in four takes the quiz as well.
            sessions = list(
                pool.map(
                    lambda number: make_learner(server.base, lesson, number % 4 == 0),
                    range(learners),
                )
            )
        print(
            f"  {learners} learner sessions made through the pages in "
            f"{time.monotonic() - started:.0f} s",
            flush=True,
        )
        session_table = ",".join(
            f"{{cookie={lua_string(s.cookie)}, path={lua_string(s.answer_path)}, "
            f"before={lua_string(s.answer_before)}}}"
            for s in sessions
        )

        def sessions_script(method: str, path: str) -> str:
            return LUA_SESSIONS % {
                "sessions": session_table,
                "method": method,
                "path": path,
                "accept_encoding": ACCEPT_ENCODING,
            }

        static = ("static file", "/static/bench/lesson-copy.html", "")
        healthz = ("/healthz", "/healthz", "")
        # Each case runs between two runs of its reference, and its ratio is taken against their
        # mean: the machine's other load drifts over minutes, much less over one case's neighbours.
        schedule = [
            static,
            healthz,
            ("lesson page, anonymous", f"/lessons/{lesson}/", ""),
            static,
            ("lesson page, learner", "/", sessions_script("GET", f"/lessons/{lesson}/")),
            static,
            ("course home, anonymous", "/", ""),
            static,
            ("course home, learner", "/", sessions_script("GET", "/")),
            static,
            healthz,
            ("answer POST, learner", "/", sessions_script("POST", "")),
            healthz,
        ]
        results: dict[str, Case] = {}
        references: dict[str, list[Figures]] = {"static file": [], "/healthz": []}
        # A case's reference runs still waiting for the run after it: (reference, the list to fill).
        waiting: list[tuple[str, list[Figures]]] = []
        stored = (0, 0, 0)
        warmed: set[str] = set()
        # The schedule runs `passes` times over: the machine's speed drifts from minute to minute,
        # and a case's ratio is the median of its passes (Case.ratio), not one run's luck.
        for number, (label, path, script) in enumerate(schedule * args.passes):
            url = server.base + path
            if label not in warmed:
                run_wrk(url, script, seconds=2, connections=args.connections, folder=folder)
                warmed.add(label)
            # wrk stops with requests in flight; let the server finish them before counting.
            time.sleep(SETTLE_SECONDS)
            rows_before = server.attempts()
            cpu_before = server.worker_cpu_seconds()
            figures = run_wrk(
                url, script, seconds=args.duration, connections=args.connections, folder=folder
            )
            # Read at once: the requests still in flight add a little, as they did to the run's.
            figures.worker_cpu_us = (
                (server.worker_cpu_seconds() - cpu_before) / max(figures.requests, 1) * 1e6
            )
            if label.startswith("answer POST"):
                time.sleep(SETTLE_SECONDS)
                rows_after = server.attempts()
                stored = (
                    stored[0] + rows_after[0] - rows_before[0],
                    stored[1] + rows_after[1] - rows_before[1],
                    stored[2] + figures.requests - figures.status_errors,
                )
            if label in references:
                references[label].append(figures)
                for reference, runs in waiting:
                    if reference == label:
                        runs.append(figures)
                waiting = [(reference, runs) for reference, runs in waiting if reference != label]
            else:
                case = results.setdefault(label, Case())
                case.runs.append(figures)
                reference = BUDGETS[label][0]
                case.around.append([references[reference][-1]])
                waiting.append((reference, case.around[-1]))
            print(
                f"  pass {number // len(schedule) + 1}/{args.passes}  {label:<24} "
                f"{figures.requests_per_second:8.0f} req/s",
                flush=True,
            )
        weights = first_visit_weight(server.base, lesson)
    finally:
        server.stop()
    return Round(results, references, len(page), weights, stored, learners)


# --- the report ------------------------------------------------------------------------------------


def mean_rate(runs: list[Figures]) -> float:
    return sum(run.requests_per_second for run in runs) / len(runs)


def mean_cpu(runs: list[Figures]) -> float:
    return sum(run.worker_cpu_us for run in runs) / len(runs)


def mean_client_cpu(runs: list[Figures]) -> float:
    return sum(run.client_cpu_us for run in runs) / len(runs)


def print_table(result: Round, lesson: str, connections: int, passes: int) -> list[str]:
    """The table; returns the budgets missed."""
    missed = []
    print(
        "\n| what | requests/s | p50 | p95 | p99 | worker CPU per request | wrk CPU per request "
        "| vs reference | budget |\n"
        "|---|---:|---:|---:|---:|---:|---:|---|---|"
    )
    static_rate = mean_rate(result.references["static file"])
    for label, runs in result.references.items():
        # The reference rows: the run with the median rate, and every run's rate.
        typical = sorted(runs, key=lambda run: run.requests_per_second)[len(runs) // 2]
        rates = "/".join(f"{run.requests_per_second:,.0f}" for run in runs)
        if label == "static file":
            shown = f"static file of the lesson's size ({result.lesson_bytes / 1000:.0f} kB, whitenoise)"
            ratio_text = "1.00"
        else:
            shown = label
            ratio_text = f"{mean_rate(runs) / static_rate:.2f} of static file"
        print(
            f"| {shown} ({len(runs)} runs: {rates}) | {mean_rate(runs):,.0f} "
            f"| {typical.p50_ms:.1f} ms | {typical.p95_ms:.1f} ms | {typical.p99_ms:.1f} ms "
            f"| {mean_cpu(runs):,.0f} µs | {mean_client_cpu(runs):,.0f} µs | {ratio_text} | |"
        )
    for label, case in result.cases.items():
        reference, budget = BUDGETS[label]
        ratio = case.ratio()
        # The figures shown are the median pass's; every pass's ratio follows the median.
        figures = case.typical()
        shown = label.replace("lesson page", f"lesson page `/lessons/{lesson}/`", 1)
        met = ratio >= budget
        budget_text = f"≥ {budget:.2f}: {'met' if met else 'MISSED'}"
        if not met:
            missed.append(f"{label}: {ratio:.3f} of {reference}, budget {budget:.2f}")
        errors = sum(run.status_errors + run.socket_errors for run in case.runs)
        if errors:
            missed.append(f"{label}: {errors} failed requests")
            budget_text += f" ({errors} errors)"
        each = "/".join(f"{value:.2f}" for value in case.ratios())
        print(
            f"| {shown} | {figures.requests_per_second:,.0f} | {figures.p50_ms:.1f} ms "
            f"| {figures.p95_ms:.1f} ms | {figures.p99_ms:.1f} ms | {figures.worker_cpu_us:,.0f} µs "
            f"| {figures.client_cpu_us:,.0f} µs | {ratio:.3f} of {reference} (median of {each}) | {budget_text} |"
        )
    for runs in result.references.values():
        for run in runs:
            if run.status_errors + run.socket_errors:
                missed.append(f"reference: {run.status_errors + run.socket_errors} failed requests")
    rows, distinct, accepted = result.stored
    # wrk stops with up to one request per connection in flight: those may be stored, uncounted
    # (in every pass).
    stored_once = rows == distinct and accepted <= rows <= accepted + connections * passes
    print(
        f"\nAnswers: {accepted:,} accepted, {rows:,} rows stored, {distinct:,} distinct "
        f"(learner, token): {'each stored once' if stored_once else 'NOT each stored once'}"
    )
    if not stored_once:
        missed.append("answers: not each stored once")
    total = sum(result.first_visit.values())
    parts = ", ".join(f"{kind} {size / 1000:.1f} kB" for kind, size in result.first_visit.items())
    verdict = "met" if total <= FIRST_VISIT_BUDGET else "MISSED"
    print(
        f"First visit to the lesson, compressed as served: {total / 1000:.1f} kB ({parts}); "
        f"budget {FIRST_VISIT_BUDGET / 1000:.0f} kB: {verdict}"
    )
    if total > FIRST_VISIT_BUDGET:
        missed.append(f"first visit {total / 1000:.1f} kB")
    return missed


def print_growth(base: Round, grown: Round) -> list[str]:
    """How each figure grew from the normal lesson and cohort to the doubled ones."""
    size = grown.lesson_bytes / base.lesson_bytes
    print(
        f"\nGrowth: lesson {base.lesson_bytes / 1000:.0f} kB -> {grown.lesson_bytes / 1000:.0f} kB "
        f"(x{size:.2f}), learners {base.learners} -> {grown.learners} "
        f"(x{grown.learners / base.learners:.0f})\n"
        f"| what | p50 before | p50 after | p95 before | p95 after | time per request grew (vs /healthz) |\n"
        f"|---|---:|---:|---:|---:|---|"
    )
    worse = []
    for label in [*base.references, *base.cases]:
        before = base.cases[label].typical() if label in base.cases else base.references[label][0]
        after = grown.cases[label].typical() if label in grown.cases else grown.references[label][0]
        # Time per request against Django's floor in the same round (/healthz, which does not
        # change with the content): the share of its rate that the case reaches, before and after.
        share_before = before.requests_per_second / mean_rate(base.references["/healthz"])
        share_after = after.requests_per_second / mean_rate(grown.references["/healthz"])
        growth = share_before / share_after
        # Lesson pages may grow with the lesson's size, everything else not at all.
        allowed = size if "lesson" in label or label == "static file" else 1.0
        verdict = "linear or better" if growth <= allowed * 1.25 else "MORE THAN LINEAR"
        if verdict != "linear or better":
            worse.append(f"{label} grew x{growth:.2f}")
        print(
            f"| {label} | {before.p50_ms:.1f} ms | {after.p50_ms:.1f} ms | {before.p95_ms:.1f} ms "
            f"| {after.p95_ms:.1f} ms | x{growth:.2f} ({verdict}) |"
        )
    return worse


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--duration", type=int, default=10, help="seconds per case (default 10)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument(
        "--passes", type=int, default=3, help="times the cases run over; ratios are medians"
    )
    parser.add_argument(
        "--growth", action="store_true", help="also a lesson twice as long and 1,000 learners"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="contained-http-bench-"))
    try:
        print(f"load average before: {load_average()} ({os.cpu_count()} CPUs)", flush=True)
        base = run_round(args, folder / "base", lesson=LESSON, learners=args.learners, content=[])
        missed = print_table(base, LESSON, args.connections, args.passes)
        if args.growth:
            print("\nGrowth round: a lesson twice as long, 1,000 learners", flush=True)
            (folder / "growth").mkdir(parents=True)
            content = long_lesson_content(folder / "growth")
            grown = run_round(
                args, folder / "growth", lesson=LONG_LESSON, learners=1000, content=content
            )
            print_table(grown, LONG_LESSON, args.connections, args.passes)
            missed += print_growth(base, grown)
        print(f"\nload average after: {load_average()}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if missed:
        print("\nMissed:\n- " + "\n- ".join(missed))
        return 1
    print("\nAll budgets met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
