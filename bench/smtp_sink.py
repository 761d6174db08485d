"""An SMTP server on loopback that only counts arrivals, for benchmarks that send many
emails: tests/support/smtp.py parses every message, which spends the load generator's CPU
(on the same cores as the server measured)."""

from __future__ import annotations

import time

from aiosmtpd.controller import Controller

from tests.support.ports import free_port


class ArrivalCounter:
    """`with ArrivalCounter() as sink:` serves on `sink.port`; `sink.arrivals` holds the
    time.monotonic() of each message accepted, in order."""

    def __init__(self) -> None:
        self.port = free_port()
        self.arrivals: list[float] = []  # appended by the server's thread only
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.arrivals.append(time.monotonic())
        return "250 Message accepted for delivery"

    def __enter__(self) -> ArrivalCounter:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()
