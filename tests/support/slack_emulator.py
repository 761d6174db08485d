"""A Slack Web API emulator that the test suite owns.

A real HTTP server (standard library only) on 127.0.0.1 that answers the handful of Slack
Web API methods the app uses, the way Slack documents them, and records every request.
Point slack_sdk's ``WebClient(base_url=emu.api_url)`` at it.

    with SlackEmulator() as emu:
        client = WebClient(token="xoxb-test", base_url=emu.api_url)
        client.chat_postMessage(channel="C0LEADS", text="hi")
        emu.wait_for("chat.postMessage")
        assert emu.messages("C0LEADS")[0]["text"] == "hi"

Behaviour worth knowing:

- Requests are ``POST /api/<method>`` (GET works too); params come from the query string and
  from a form-encoded, multipart or JSON body.  ``blocks``, ``metadata`` and ``attachments``
  sent as JSON strings are decoded.
- A call is recorded once the emulator has acted on it (before any hang), so after
  ``wait_for`` its effects are visible in ``messages()``.  ``Call.at`` is the arrival time.
- ``conversations.history`` lists parent messages only (thread replies are returned by
  ``conversations.replies``), newest first, like Slack.
- ``new_response_url()`` issues Slack-style response URLs; their POSTs are recorded as calls
  to the pseudo-method ``"response_url"``, which the fault helpers accept too.
- Faults given ``method=None`` apply to every request, response URLs included.  One-shot
  faults (``fail_next``, ``rate_limit_next``, ``error_next``, ``accept_then_hang``) are
  consumed in the order they were planned.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import json
import re
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"
DEFAULT_TOKEN = "xoxb-test"
RESPONSE_URL_METHOD = "response_url"
RESPONSE_URL_MAX_USES = 5
JSON_ENCODED_FIELDS = ("blocks", "metadata", "attachments")
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
FIRST_TS_MICROS = 1_700_000_000 * 1_000_000
TS_STEP_MICROS = 100
STATUS_ERRORS = {500: "internal_error", 502: "bad_gateway", 503: "service_unavailable"}


@dataclass(frozen=True)
class Call:
    """One request the emulator received."""

    method: str
    params: dict
    headers: dict
    at: float
    path: str = ""


@dataclass
class _Answer:
    status: int = 200
    body: dict | str = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    hang: float = 0.0


@dataclass
class _Fault:
    kind: str  # "status", "ratelimit", "error" or "hang"
    method: str | None
    times: int
    status: int = 500
    retry_after: int = 1
    error: str = ""
    seconds: float = 0.0
    body: dict | str | None = None


@dataclass
class _Outage:
    method: str | None
    until: float
    status: int


# ---------------------------------------------------------------------------- decoding


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def _decode_json_fields(params: dict) -> dict:
    for name in JSON_ENCODED_FIELDS:
        value = params.get(name)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                params[name] = json.loads(value)
    return params


def _form_params(text: str) -> dict:
    return {key: values[-1] for key, values in parse_qs(text, keep_blank_values=True).items()}


def _json_params(text: str) -> dict:
    try:
        decoded = json.loads(text) if text.strip() else {}
    except ValueError:
        return {"_raw_body": text}
    return decoded if isinstance(decoded, dict) else {"_json_body": decoded}


def _multipart_params(body: bytes, content_type: str) -> dict:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    params: dict = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        is_file = part.get_filename() is not None
        params[name] = payload if is_file else payload.decode("utf-8", "replace")
    return params


def decode_params(query: str, body: bytes, content_type: str) -> dict:
    """Merge query-string params with the body's, whatever its encoding."""
    params = _form_params(query)
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        params.update(_json_params(body.decode("utf-8", "replace")))
    elif kind == "multipart/form-data":
        params.update(_multipart_params(body, content_type))
    elif body:
        params.update(_form_params(body.decode("utf-8", "replace")))
    return _decode_json_fields(params)


def _bearer_token(headers: dict) -> str | None:
    for name, value in headers.items():
        if name.lower() == "authorization" and value.startswith("Bearer "):
            return value[len("Bearer ") :].strip()
    return None


def _error(error: str) -> dict:
    return {"ok": False, "error": error}


def _ts_value(ts: Any, default: Decimal | None = None) -> Decimal | None:
    try:
        return Decimal(str(ts)) if ts not in (None, "") else default
    except InvalidOperation:
        return default


def _is_reply(message: dict) -> bool:
    thread_ts = message.get("thread_ts")
    return thread_ts not in (None, message["ts"]) and message.get("subtype") != "thread_broadcast"


def _public(message: dict, with_metadata: bool) -> dict:
    shown = copy.deepcopy(message)
    if not with_metadata:
        shown.pop("metadata", None)
    return shown


# ---------------------------------------------------------------------------- HTTP


class _Server(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True
    emulator: SlackEmulator

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], OSError):  # clients hanging up are expected
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "SlackEmulator/1.0"

    def do_POST(self):
        self._dispatch()

    def do_GET(self):
        self._dispatch()

    def log_message(self, format, *args):
        pass  # no per-request logging

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self):
        emulator = self.server.emulator
        arrived = time.monotonic()
        split = urlsplit(self.path)
        body = self._read_body()
        params = decode_params(split.query, body, self.headers.get("Content-Type", ""))
        answer = emulator._serve(split.path, params, dict(self.headers.items()), arrived)
        emulator._pause(answer.hang)
        self._send(answer)

    def _send(self, answer: _Answer):
        if isinstance(answer.body, str):
            payload = answer.body.encode()
            content_type = TEXT_CONTENT_TYPE
        else:
            payload = json.dumps(answer.body).encode()
            content_type = JSON_CONTENT_TYPE
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up (e.g. after accept_then_hang); nothing to tell it


# ---------------------------------------------------------------------------- emulator


class SlackEmulator:
    """An in-process fake of the Slack Web API and of Slack response URLs."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        team_id: str = "T0LEADS",
        team_name: str = "Acme Law",
        enterprise_id: str | None = None,
        channels: set[str] | None = None,
        channels_bot_not_in: set[str] | None = None,
        channel_name: str = "leads",
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        bot_name: str = "leads",
    ):
        self.token = token
        self.team_id = team_id
        self.team_name = team_name
        self.enterprise_id = enterprise_id
        self.channels = set(channels) if channels is not None else {"C0LEADS"}
        self.channels_bot_not_in = set(channels_bot_not_in or ())
        self.channel_name = channel_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._users: dict[str, dict] = {}
        self._ts_micros = FIRST_TS_MICROS
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None
        self._stopping = threading.Event()
        self._clear_state()
        self.add_user(bot_user_id, name=bot_name, is_bot=True)

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> SlackEmulator:
        """Listen on a free port of 127.0.0.1 in a daemon thread."""
        if self._server is None:
            self._stopping = threading.Event()
            self._listen(0)
        return self

    def stop(self) -> None:
        """Stop listening and wake any request that is hanging on purpose."""
        self._stopping.set()
        self._close()

    def __enter__(self) -> SlackEmulator:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def down(self) -> None:
        """Stop listening (connections are refused) but keep the port for up()."""
        if self._port is None:
            raise RuntimeError("SlackEmulator was never started")
        self._close()

    def up(self) -> None:
        """Listen again on the same port after down()."""
        if self._port is None:
            raise RuntimeError("SlackEmulator was never started")
        if self._server is None:
            self._listen(self._port)

    @property
    def is_up(self) -> bool:
        return self._server is not None

    def _listen(self, port: int, patience: float = 2.0) -> None:
        deadline = time.monotonic() + patience
        while True:
            try:
                server = _Server((HOST, port), _Handler)
                break
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        server.emulator = self
        self._server, self._port = server, server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"slack-emulator-{self._port}",
            daemon=True,
        )
        self._thread.start()

    def _close(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)

    # -- addresses -------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("SlackEmulator is not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    @property
    def response_url_base(self) -> str:
        return f"{self.base_url}/response/"

    def new_response_url(self) -> str:
        """Issue a response URL that accepts RESPONSE_URL_MAX_USES posts."""
        key = uuid.uuid4().hex
        with self._lock:
            self._response_urls[key] = []
        return f"{self.response_url_base}{key}"

    # -- configuration -------------------------------------------------------------------

    def add_user(self, user_id: str, **fields: Any) -> dict:
        """Register a user for users.info; fields override the defaults (profile is merged)."""
        user = self._default_user(user_id, fields.get("name"), fields.get("real_name"))
        profile = {**user["profile"], **fields.pop("profile", {})}
        user.update(fields)
        user["profile"] = profile
        with self._lock:
            self._users[user_id] = user
        return copy.deepcopy(user)

    def _default_user(self, user_id: str, name: str | None, real_name: str | None) -> dict:
        name = name or user_id.lower()
        real_name = real_name or name
        return {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": real_name,
            "deleted": False,
            "is_bot": False,
            "is_app_user": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "profile": {
                "real_name": real_name,
                "real_name_normalized": real_name,
                "display_name": name,
                "display_name_normalized": name,
                "team": self.team_id,
            },
        }

    # -- recorded calls -------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self._calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until at least `count` calls to `method` were recorded; return them all."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [call for call in self._calls if call.method == method]
                remaining = deadline - time.monotonic()
                if len(found) >= count:
                    return found
                if remaining <= 0:
                    seen = [call.method for call in self._calls]
                    raise AssertionError(
                        f"expected {count} call(s) to {method!r} within {timeout}s, "
                        f"got {len(found)}; calls seen: {seen}"
                    )
                self._changed.wait(remaining)

    def messages(self, channel: str) -> list[dict]:
        """Every message posted to `channel` (thread replies included), oldest first."""
        with self._lock:
            return copy.deepcopy(self._history.get(channel, []))

    def response_posts(self, url: str) -> list[dict]:
        """The JSON bodies accepted by the response URL `url`, in order."""
        key = url.rstrip("/").rsplit("/", 1)[-1]
        with self._lock:
            return copy.deepcopy(self._response_urls.get(key, []))

    def reset(self, *, keep_messages: bool = False) -> None:
        """Forget calls and every fault plan; also messages and response URLs unless kept."""
        with self._lock:
            history, response_urls = self._history, self._response_urls
            self._clear_state()
            if keep_messages:
                self._history, self._response_urls = history, response_urls

    def _clear_state(self) -> None:
        with self._lock:
            self._calls: list[Call] = []
            self._faults: list[_Fault] = []
            self._outages: list[_Outage] = []
            self._slowness: dict[str | None, float] = {}
            self._history: dict[str, list[dict]] = {}
            self._response_urls: dict[str, list[dict]] = {}

    def _record(self, call: Call) -> None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()

    # -- fault injection -------------------------------------------------------------------

    def fail_next(
        self, method: str | None, status: int = 500, times: int = 1, body: dict | str | None = None
    ) -> None:
        """Answer the next `times` calls with HTTP `status` (JSON error body by default)."""
        self._plan(_Fault("status", method, times, status=status, body=body))

    def rate_limit_next(self, method: str | None, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls with 429, Retry-After and error "ratelimited"."""
        self._plan(_Fault("ratelimit", method, times, retry_after=retry_after))

    def error_next(
        self, method: str | None, error: str = "channel_not_found", times: int = 1
    ) -> None:
        """Answer the next `times` calls with 200 {"ok": false, "error": error}."""
        self._plan(_Fault("error", method, times, error=error))

    def accept_then_hang(self, method: str | None, seconds: float) -> None:
        """Act on the next call for real, then wait `seconds` before answering it."""
        self._plan(_Fault("hang", method, 1, seconds=seconds))

    def slow(self, method: str | None, seconds: float) -> None:
        """Delay every answer (before acting) until reset(); 0 removes the delay."""
        with self._lock:
            if seconds > 0:
                self._slowness[method] = seconds
            else:
                self._slowness.pop(method, None)

    def fail_for(self, method: str | None, seconds: float, status: int = 500) -> None:
        """Answer HTTP `status` to every call arriving during the next `seconds`."""
        with self._lock:
            self._outages.append(_Outage(method, time.monotonic() + seconds, status))

    def _plan(self, fault: _Fault) -> None:
        if fault.times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, method: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.method in (None, method):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return copy.copy(fault)
        return None

    def _outage_status(self, method: str) -> int | None:
        now = time.monotonic()
        with self._lock:
            self._outages = [outage for outage in self._outages if outage.until > now]
            for outage in self._outages:
                if outage.method in (None, method):
                    return outage.status
        return None

    def _delay_for(self, method: str) -> float:
        with self._lock:
            return self._slowness.get(method, self._slowness.get(None, 0.0))

    @staticmethod
    def _status_answer(status: int, body: dict | str | None = None) -> _Answer:
        default = _error(STATUS_ERRORS.get(status, f"http_{status}"))
        return _Answer(status=status, body=default if body is None else body)

    @staticmethod
    def _fault_answer(fault: _Fault) -> _Answer | None:
        if fault.kind == "status":
            return SlackEmulator._status_answer(fault.status, fault.body)
        if fault.kind == "ratelimit":
            headers = {"Retry-After": str(fault.retry_after)}
            return _Answer(status=429, body=_error("ratelimited"), headers=headers)
        if fault.kind == "error":
            return _Answer(body=_error(fault.error))
        return None

    # -- request handling -------------------------------------------------------------------

    def _serve(self, path: str, params: dict, headers: dict, arrived: float) -> _Answer:
        method = self._method_for(path)
        self._pause(self._delay_for(method))
        answer = self._answer(method, path, params, headers)
        self._record(Call(method, params, headers, arrived, path))
        return answer

    @staticmethod
    def _method_for(path: str) -> str:
        if path.startswith("/api/"):
            return path[len("/api/") :]
        if path.startswith("/response/"):
            return RESPONSE_URL_METHOD
        return path

    def _answer(self, method: str, path: str, params: dict, headers: dict) -> _Answer:
        status = self._outage_status(method)
        if status is not None:
            return self._status_answer(status)
        fault = self._take_fault(method)
        planned = self._fault_answer(fault) if fault else None
        if planned is not None:
            return planned
        answer = self._act(method, path, params, headers)
        if fault is not None:
            answer.hang = fault.seconds
        return answer

    def _act(self, method: str, path: str, params: dict, headers: dict) -> _Answer:
        if method == RESPONSE_URL_METHOD:
            return self._use_response_url(path, params)
        if not path.startswith("/api/"):
            return _Answer(status=404, body="not found")
        if _bearer_token(headers) != self.token and params.get("token") != self.token:
            return _Answer(body=_error("invalid_auth"))
        handler = self._handlers().get(method)
        if handler is None:
            return _Answer(body=_error("unknown_method"))
        with self._lock:
            return _Answer(body=handler(params))

    def _use_response_url(self, path: str, payload: dict) -> _Answer:
        key = path[len("/response/") :].strip("/")
        with self._lock:
            uses = self._response_urls.get(key)
            if uses is None:
                return _Answer(status=404, body=_error("no_service"))
            if len(uses) >= RESPONSE_URL_MAX_USES:
                return _Answer(status=404, body=_error("used_url"))
            uses.append(payload)
        return _Answer(body="ok")

    def _handlers(self) -> dict:
        return {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "users.info": self._users_info,
            "conversations.info": self._conversations_info,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
        }

    # -- Slack methods (called with the lock held) ------------------------------------------

    def _next_ts(self) -> str:
        self._ts_micros += TS_STEP_MICROS
        seconds, micros = divmod(self._ts_micros, 1_000_000)
        return f"{seconds}.{micros:06d}"

    def _channel_problem(self, channel: Any) -> str | None:
        if not channel or channel not in self.channels | self.channels_bot_not_in:
            return "channel_not_found"
        if channel in self.channels_bot_not_in:
            return "not_in_channel"
        return None

    def _find_message(self, channel: str, ts: Any) -> dict | None:
        for message in self._history.get(channel, []):
            if message["ts"] == ts:
                return message
        return None

    def _auth_test(self, params: dict) -> dict:
        domain = re.sub(r"[^a-z0-9]", "", self.team_name.lower()) or "workspace"
        answer = {
            "ok": True,
            "url": f"https://{domain}.slack.com/",
            "team": self.team_name,
            "user": self.bot_name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }
        if self.enterprise_id:
            answer["enterprise_id"] = self.enterprise_id
        return answer

    def _new_message(self, params: dict) -> dict:
        message = {
            "type": "message",
            "ts": self._next_ts(),
            "text": params.get("text", ""),
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "team": self.team_id,
        }
        for name in ("blocks", "attachments", "metadata", "thread_ts"):
            if params.get(name) not in (None, ""):
                message[name] = params[name]
        if message.get("thread_ts") and _truthy(params.get("reply_broadcast")):
            message["subtype"] = "thread_broadcast"
        return message

    def _chat_post_message(self, params: dict) -> dict:
        channel = params.get("channel")
        problem = self._channel_problem(channel)
        if problem:
            return _error(problem)
        if not any(params.get(name) for name in ("text", "blocks", "attachments")):
            return _error("no_text")
        message = self._new_message(params)
        self._history.setdefault(channel, []).append(message)
        return {
            "ok": True,
            "channel": channel,
            "ts": message["ts"],
            "message": copy.deepcopy(message),
        }

    def _chat_update(self, params: dict) -> dict:
        channel = params.get("channel")
        problem = self._channel_problem(channel)
        if problem:
            return _error(problem)
        message = self._find_message(channel, params.get("ts"))
        if message is None:
            return _error("message_not_found")
        for name in ("text", "blocks", "attachments", "metadata"):
            if name in params:
                message[name] = params[name]
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "ok": True,
            "channel": channel,
            "ts": message["ts"],
            "text": message.get("text", ""),
            "message": copy.deepcopy(message),
        }

    def _chat_post_ephemeral(self, params: dict) -> dict:
        problem = self._channel_problem(params.get("channel"))
        if problem:
            return _error(problem)
        if not params.get("user"):
            return _error("user_not_found")
        if not any(params.get(name) for name in ("text", "blocks", "attachments")):
            return _error("no_text")
        return {"ok": True, "message_ts": self._next_ts()}

    def _users_info(self, params: dict) -> dict:
        user = self._users.get(params.get("user", ""))
        if user is None:
            return _error("user_not_found")
        return {"ok": True, "user": copy.deepcopy(user)}

    def _conversations_info(self, params: dict) -> dict:
        channel = params.get("channel")
        if not channel or channel not in self.channels | self.channels_bot_not_in:
            return _error("channel_not_found")
        info = {
            "id": channel,
            "name": self.channel_name,
            "is_channel": False,
            "is_group": True,
            "is_private": True,
            "is_archived": False,
            "is_member": channel not in self.channels_bot_not_in,
        }
        return {"ok": True, "channel": info}

    def _conversations_history(self, params: dict) -> dict:
        channel = params.get("channel")
        problem = self._channel_problem(channel)
        if problem:
            return _error(problem)
        parents = [m for m in self._history.get(channel, []) if not _is_reply(m)]
        window = self._in_window(parents, params)
        window.reverse()
        limit = self._limit(params)
        shown = [_public(m, _truthy(params.get("include_all_metadata"))) for m in window[:limit]]
        return {"ok": True, "messages": shown, "has_more": len(window) > limit, "pin_count": 0}

    def _conversations_replies(self, params: dict) -> dict:
        channel = params.get("channel")
        problem = self._channel_problem(channel)
        if problem:
            return _error(problem)
        parent_ts = params.get("ts")
        thread = [
            m
            for m in self._history.get(channel, [])
            if m["ts"] == parent_ts or m.get("thread_ts") == parent_ts
        ]
        if not thread:
            return _error("thread_not_found")
        window = self._in_window(thread, params)
        limit = self._limit(params)
        shown = [_public(m, _truthy(params.get("include_all_metadata"))) for m in window[:limit]]
        return {"ok": True, "messages": shown, "has_more": len(window) > limit}

    @staticmethod
    def _limit(params: dict) -> int:
        try:
            return max(1, int(params.get("limit") or 100))
        except (TypeError, ValueError):
            return 100

    @staticmethod
    def _in_window(messages: list[dict], params: dict) -> list[dict]:
        oldest = _ts_value(params.get("oldest"), Decimal(0))
        latest = _ts_value(params.get("latest"))
        inclusive = _truthy(params.get("inclusive"))

        def inside(message: dict) -> bool:
            ts = Decimal(message["ts"])
            after = ts >= oldest if inclusive else ts > oldest
            before = latest is None or (ts <= latest if inclusive else ts < latest)
            return after and before

        return [message for message in messages if inside(message)]
