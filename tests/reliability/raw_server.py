"""A loopback TCP server that answers every request with the same scripted bytes, whatever they are.

The portal emulator can only send what an ASGI server lets it send; this one writes raw bytes - a
broken status line, contradictory framing headers, a lying ``Content-Encoding`` - which is what a
property test over the client's handling of the wire needs. It reads each request completely before
answering (so closing does not reset the connection and destroy the answer) and closes after answering.
"""

from __future__ import annotations

import socket
import threading
from types import TracebackType
from typing import Final

__all__ = ["RawServer"]

ACCEPT_POLL_S: Final = 0.05
READ_TIMEOUT_S: Final = 2.0
_HEADER_END: Final = b"\r\n\r\n"


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return int(value.strip())
    return 0


class RawServer:
    """``with RawServer() as server: server.answer = b"HTTP/1.1 200 OK\\r\\n..."``; ``server.url``."""

    def __init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(ACCEPT_POLL_S)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="raw-server", daemon=True)
        self.answer = b""
        self.requests = 0

    @property
    def url(self) -> str:
        host, port = self._listener.getsockname()
        return f"http://{host}:{port}"

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            with connection:
                self._answer(connection)

    def _answer(self, connection: socket.socket) -> None:
        connection.settimeout(READ_TIMEOUT_S)
        received = b""
        try:
            while _HEADER_END not in received:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                received += chunk
            head, _, body = received.partition(_HEADER_END)
            missing = _content_length(head) - len(body)
            while missing > 0:
                chunk = connection.recv(missing)
                if not chunk:
                    return
                missing -= len(chunk)
            self.requests += 1
            connection.sendall(self.answer)
            connection.shutdown(socket.SHUT_WR)
        except OSError:
            return
