"""The HTTP plumbing: a threading server on 127.0.0.1 that hands each request on.

Each request (POST or GET) is decoded, given to ``serve(path, params, headers, arrived)``,
held for ``answer.hang`` seconds through ``pause(seconds)`` and then sent.  Listener runs the
server in a daemon thread, and can close it and listen again on the same port.
"""

from __future__ import annotations

import errno
import json
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .answers import Answer
from .decoding import decode_params

HOST = "127.0.0.1"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"

Serve = Callable[[str, dict, dict, float], Answer]
Pause = Callable[[float], None]


class _Server(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True
    serve: Serve
    pause: Pause

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
        arrived = time.monotonic()
        split = urlsplit(self.path)
        body = self._read_body()
        params = decode_params(split.query, body, self.headers.get("Content-Type", ""))
        answer = self.server.serve(split.path, params, dict(self.headers.items()), arrived)
        self.server.pause(answer.hang)
        self._send(answer)

    def _send(self, answer: Answer):
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


class Listener:
    """Runs the server in a daemon thread; after close(), `port` stays known for listen()."""

    def __init__(self, serve: Serve, pause: Pause):
        self._serve, self._pause = serve, pause
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port: int | None = None

    @property
    def is_up(self) -> bool:
        return self._server is not None

    def listen(self, port: int, patience: float = 2.0) -> None:
        """Listen on `port` (0: a free one), waiting up to `patience` s for it to be free."""
        server = self._bind(port, patience)
        server.serve, server.pause = self._serve, self._pause
        self._server, self.port = server, server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"slack-emulator-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def close(self) -> None:
        """Stop serving and release the socket; connections are refused until listen()."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    @staticmethod
    def _bind(port: int, patience: float) -> _Server:
        deadline = time.monotonic() + patience
        while True:
            try:
                return _Server((HOST, port), _Handler)
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
