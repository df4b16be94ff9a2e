"""A local SMTP server (aiosmtpd) that counts what it receives and can drop connections.

Used by the tests, the integration suite and the benchmark as "the edge of the world";
aiosmtpd is a development dependency.
"""

from __future__ import annotations

import socket
import threading
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "@" not in address:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        sink = self.sink
        with sink.lock:
            sink.data_commands += 1
            number = sink.data_commands
        if number in sink.drop_data or sink.drop_all_data:
            # Hang up without an answer: the client sees SMTPServerDisconnected mid-message.
            server.transport.close()
            return "421 closing"
        if sink.delay:
            import asyncio

            await asyncio.sleep(sink.delay)
        message = BytesHeaderParser().parsebytes(envelope.content)  # the headers are all it keeps
        with sink.lock:
            sink.messages.append(
                {"to": list(envelope.rcpt_tos), "message_id": message["Message-ID"], "subject": message["Subject"]}
            )
        return "250 OK"


class _DroppingSMTP(SMTP):
    def __init__(self, handler, sink: SmtpSink, **kwargs):
        super().__init__(handler, **kwargs)
        self.sink = sink

    def connection_made(self, transport):
        with self.sink.lock:
            self.sink.connections += 1
            drop = self.sink.drop_connects > 0
            if drop:
                self.sink.drop_connects -= 1
        if drop:
            transport.close()
            return
        super().connection_made(transport)


class _Controller(Controller):
    def __init__(self, sink: SmtpSink, **kwargs):
        self.sink = sink
        super().__init__(_Handler(sink), **kwargs)

    def factory(self):
        return _DroppingSMTP(self.handler, self.sink, **self.SMTP_kwargs)


class SmtpSink:
    """Start with ``start()``; ``messages`` lists what was accepted, ``connections`` counts
    TCP connections. ``drop_connects`` hangs up on that many new connections; ``drop_data``
    (numbers of DATA commands, from 1) or ``drop_all_data`` hang up in the middle of a message."""

    def __init__(self, *, delay: float = 0.0):
        self.lock = threading.Lock()
        self.messages: list[dict] = []
        self.connections = 0
        self.data_commands = 0
        self.drop_connects = 0
        self.drop_data: set[int] = set()
        self.drop_all_data = False
        self.delay = delay
        self.port = free_port()
        self._controller = _Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpSink:
        self._controller.start()
        # start() checks readiness with a connection of its own: count only the clients'.
        with self.lock:
            self.connections = 0
        return self

    def stop(self) -> None:
        self._controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [m["message_id"] for m in self.messages]
