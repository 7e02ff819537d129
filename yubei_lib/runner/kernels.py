"""The kernels that run the pages: each on its own transport, stopped when its page runs too long.

Parallel papermill runs can collide on kernel ports; so each kernel gets its own
transport: Unix domain sockets in a folder of its own where the platform has them (Linux,
macOS), TCP on the loopback address elsewhere (Windows), with ports jupyter_client picks
free for each kernel. A kernel's environment carries the folder of the ledger the run
already validated (:data:`yubei_lib.config.LEDGER_CACHE_ENV`), so its page reuses it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import typing

import zmq
import zmq.asyncio
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from yubei_lib.config import LEDGER_CACHE_ENV
from yubei_lib.ledger.raw import MAX_ROWS_ENV

TRANSPORTS = ("auto", "ipc", "tcp")
"""``auto`` is ``ipc`` where Unix sockets exist, else ``tcp``."""


def transport(choice: str = "auto") -> str:
    """Return the kernel transport to use: ``"ipc"`` or ``"tcp"``.

    Examples
    --------
    >>> transport("tcp"), transport("auto") in ("ipc", "tcp")
    ('tcp', True)
    """
    if choice not in TRANSPORTS:
        raise ValueError(f"unknown kernel transport {choice!r}; use one of {', '.join(TRANSPORTS)}")
    if choice == "auto":
        return "ipc" if sys.platform != "win32" and hasattr(os, "fork") else "tcp"
    return choice


class Watchdog:
    """Kill a page's kernel when the page runs longer than ``seconds``.

    The page's kernel manager registers itself with :meth:`watch` when it starts.
    """

    def __init__(self, seconds: float):
        self.fired = False
        self.manager: AsyncKernelManager | None = None
        self._timer = threading.Timer(seconds, self._kill)
        self._timer.daemon = True

    def watch(self, manager: AsyncKernelManager) -> None:
        """Watch this kernel (the page's)."""
        self.manager = manager

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def _kill(self) -> None:
        process = getattr(getattr(self.manager, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            self.fired = True
            process.kill()

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


LINGER_MS = 1000
"""Milliseconds a closed socket of the kit's kernels may hold unsent messages.

ZeroMQ's default is to wait for ever: a message left for a kernel that was killed (a page
stopped for its time, a failed kernel replaced) would make the context's clean-up, which
may come from the garbage collector at any later moment, wait for ever too.
"""

SOCKET_PATH_MAX = 100
"""Bytes a Unix socket's path may take: the system holds 108 (Linux) or 104 (macOS); a kernel
whose temporary folder is deeper talks over TCP on the loopback address instead."""

ContextT = typing.TypeVar("ContextT", bound=zmq.Context)


def bounded(context: ContextT) -> ContextT:
    """Return ``context`` with every socket it makes from now on lingering at most :data:`LINGER_MS`.

    Examples
    --------
    >>> bounded(zmq.Context()).sockopts[zmq.LINGER]
    1000
    """
    context.setsockopt(zmq.LINGER, LINGER_MS)
    return context


class PageKernelManager(AsyncKernelManager):
    """A kernel for one page: its transport, its environment, its watchdog; quiet on stdout."""

    page_transport = "ipc"
    page_env: dict[str, str] = {}
    watchdog: Watchdog | None = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._socket_dir = None
        folder = tempfile.mkdtemp(prefix="yubei-k-") if self.page_transport == "ipc" else None
        if folder is not None and len(os.fsencode(os.path.join(folder, "kernel-00000"))) > SOCKET_PATH_MAX:
            shutil.rmtree(folder, ignore_errors=True)  # a long temporary folder: its sockets could not be bound
            folder = None
        if folder is not None:
            self._socket_dir = folder
            self.transport = "ipc"
            self.ip = os.path.join(self._socket_dir, "kernel")
        else:
            self.transport = "tcp"
            self.ip = "127.0.0.1"
        self.clients: list = []
        if self.watchdog is not None:
            self.watchdog.watch(self)

    @default("context")
    def _context_default(self) -> zmq.asyncio.Context:
        self._created_context = True
        return bounded(zmq.asyncio.Context())

    def client(self, **kwargs):
        """Return a client of this kernel, remembered so that a kernel kept for more pages can close it."""
        made = super().client(**kwargs)
        bounded(made.context)
        self.clients.append(made)
        return made

    def close_clients(self) -> None:
        """Stop the channels of every client made so far (a page's client, when the kernel outlives the page)."""
        while self.clients:
            self.clients.pop().stop_channels()

    # AsyncKernelManager makes KernelManager's start_kernel a coroutine (jupyter_client ignores the same error)
    async def start_kernel(self, **kwargs):  # type: ignore[override]
        # The kernel's own log lines (start-up notes, shutdown signals) are not the report's output.
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        kwargs["env"] = {**os.environ, **kwargs.get("env", {}), **self.page_env}
        return await self._async_start_kernel(**kwargs)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._socket_dir:
            shutil.rmtree(self._socket_dir, ignore_errors=True)


def manager_class(kind: str, ledger_cache: str | None = None, watchdog: Watchdog | None = None,
                  row_limit: int | None = None) -> type[PageKernelManager]:
    """Return the kernel manager class of one page (papermill instantiates it).

    Parameters
    ----------
    kind : {"ipc", "tcp"}
        As :func:`transport` returns.
    ledger_cache : str, optional
        The folder of the validated ledger, put in the kernel's environment.
    watchdog : Watchdog, optional
        Told about the kernel, to stop it on time-out.
    row_limit : int, optional
        The run's row limit (``--max-rows``), put in the kernel's environment, where
        :func:`yubei_lib.ledger.raw.max_rows` finds it; None: the kernel's own environment's.
    """
    env = {LEDGER_CACHE_ENV: ledger_cache} if ledger_cache else {}
    if row_limit is not None:
        env[MAX_ROWS_ENV] = str(row_limit)
    return type("PageKernelManager", (PageKernelManager,),
                {"page_transport": transport(kind), "page_env": env, "watchdog": watchdog})
