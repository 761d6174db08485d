"""Socket Mode as Slack runs it: apps.connections.open hands out a WebSocket URL, and a
WebSocket server on 127.0.0.1 (the `websockets` library, strict about the protocol)
greets each connection and sends it envelopes, then checks the acknowledgements.

After Slack's "Socket Mode" guides (docs.slack.dev/apis/events-api/using-socket-mode):

- apps.connections.open takes the app-level token (``xapp-``) in the Authorization
  header only, with the ``connections:write`` scope, and answers
  ``{"ok": true, "url": "wss://…/link/?ticket=…&app_id=…"}`` (here ``ws://127.0.0.1``).
  A URL is good for one connection.
- A connection first receives ``{"type": "hello", "num_connections": …,
  "connection_info": {"app_id": …}, "debug_info": {…}}``.
- Each envelope is ``{"envelope_id", "type", "accepts_response_payload", "payload"}``
  (types ``slash_commands``, ``interactive``, ``events_api`` with ``retry_attempt``).
  The app acknowledges with ``{"envelope_id": …}`` within 3 seconds, plus a ``payload``
  only where ``accepts_response_payload`` is true: for a slash command, that payload is
  the message Slack shows, checked like any message (``payloads``).
- ``disconnect`` (reason ``refresh_requested`` or ``warning``) asks the app to reconnect.

Whatever an acknowledgement gets wrong (``socket_acks``) is kept in ``problems`` for a
test to assert empty.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

from .socket_acks import Envelope, ack_problem

HOST = "127.0.0.1"
APP_ID = "A0LEADS"


class SocketModeServer:
    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._tickets: set[str] = set()
        self._open: list[ServerConnection] = []
        self.accepted = 0  # connections admitted since the start
        self._envelopes: dict[str, Envelope] = {}
        self.problems: list[str] = []
        self._server = None

    # -- lifecycle ---------------------------------------------------------------------

    def issue_url(self) -> str:
        """A one-connection URL, as apps.connections.open gives; starts the server."""
        with self._lock:
            if self._server is None:
                # No pings of its own: the client pings, and websockets answers them.
                self._server = serve(self._serve, HOST, 0, ping_interval=None, compression=None)
                threading.Thread(target=self._server.serve_forever, daemon=True).start()
            ticket = uuid.uuid4().hex
            self._tickets.add(ticket)
        port = self._server.socket.getsockname()[1]
        return f"ws://{HOST}:{port}/link/?ticket={ticket}&app_id={APP_ID}"

    def stop(self) -> None:
        with self._lock:
            server, self._server = self._server, None
        if server is not None:
            server.shutdown()

    # -- what a test does --------------------------------------------------------------

    def wait_connected(self, count: int = 1, timeout: float = 10.0) -> None:
        self._wait(lambda: len(self._open) >= count, f"{count} connection(s)", timeout)

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._open)

    def send(self, kind: str, payload: dict, *, accepts_response_payload: bool, **fields) -> str:
        """Send an envelope on the newest connection; return its envelope_id."""
        envelope = Envelope(str(uuid.uuid4()), kind, accepts_response_payload, time.monotonic())
        return self.send_again(envelope, payload, **fields)

    def send_again(self, envelope: Envelope, payload: dict, **fields) -> str:
        """Send `envelope` (perhaps one already sent: Slack does, unacknowledged)."""
        message = {
            "envelope_id": envelope.envelope_id,
            "type": envelope.type,
            "accepts_response_payload": envelope.accepts_response_payload,
            "payload": payload,
            **fields,
        }
        with self._lock:
            connection = self._open[-1]
            self._envelopes.setdefault(envelope.envelope_id, envelope)
        connection.send(json.dumps(message))
        return envelope.envelope_id

    def envelope(self, envelope_id: str) -> Envelope:
        with self._lock:
            return self._envelopes[envelope_id]

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict:
        self._wait(lambda: self._envelopes[envelope_id].ack is not None, "the ack", timeout)
        return dict(self.envelope(envelope_id).ack or {})

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask every open connection to go and connect anew, as Slack does regularly."""
        with self._lock:
            connections = list(self._open)
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "emulator"}}
        for connection in connections:
            connection.send(json.dumps(message))

    # -- serving -----------------------------------------------------------------------

    def _serve(self, connection: ServerConnection) -> None:
        ticket = parse_qs(urlsplit(connection.request.path).query).get("ticket", [""])[0]
        with self._lock:
            admitted = ticket in self._tickets
            self._tickets.discard(ticket)
            if admitted:
                self._open.append(connection)
                self.accepted += 1
                self._lock.notify_all()
        if not admitted:
            self.problems.append("a connection with a ticket not issued, or used before")
            connection.close(code=1008, reason="invalid ticket")
            return
        try:
            connection.send(json.dumps(self._hello()))
            for message in connection:
                self._acknowledged(message)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._open.remove(connection)
                self._lock.notify_all()

    def _hello(self) -> dict:
        return {
            "type": "hello",
            "num_connections": len(self._open),
            "debug_info": {"host": "applink-emulator", "approximate_connection_time": 18060},
            "connection_info": {"app_id": APP_ID},
        }

    def _acknowledged(self, message: str | bytes) -> None:
        try:
            ack = json.loads(message)
        except ValueError:
            ack = None
        with self._lock:
            problem = ack_problem(self._envelopes, ack)
            if problem is None:
                self._envelopes[ack["envelope_id"]].ack = ack
                self._lock.notify_all()
            else:
                self.problems.append(problem)

    def _wait(self, condition, what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {what} within {timeout} s")
                self._lock.wait(remaining)


def apps_connections_open(emu, state, params: dict) -> dict:
    """The Web API method, its token and scope already checked (``tokens``, ``scopes``)."""
    return {"ok": True, "url": emu.socket.issue_url()}
