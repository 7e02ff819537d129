"""Warm kernels for ``yubei report``: each has imported the kit once, and runs page after page.

Starting a kernel and importing pandas, Altair and the kit takes seconds; a page's own work
a fraction of that. So each of the run's workers keeps one kernel (:class:`WarmKernel`),
prepared once (:func:`yubei_lib.pages.session.warm`), and before every page gives it a
fresh session (:func:`yubei_lib.pages.session.fresh`): the page then starts as in a kernel
of its own. Papermill still executes each page, on the kernel it is handed (``km=``). A
kernel is replaced after ``pages`` pages, and after any page that failed or timed out.
"""

from __future__ import annotations

import asyncio
import queue
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator

from jupyter_client.blocking import BlockingKernelClient
from jupyter_core.utils import run_sync

from yubei_lib.config import KERNEL_PAGES
from yubei_lib.errors import YubeiError
from yubei_lib.runner.kernels import PageKernelManager, Watchdog, bounded, manager_class, transport

PREPARE = "__import__('yubei_lib.pages.session', fromlist=['warm']).warm()"
FRESH = "__import__('yubei_lib.pages.session', fromlist=['fresh']).fresh({folder!r})"
LEAVE = "__import__('os').chdir({home!r})"


class KernelError(YubeiError, RuntimeError):
    """A warm kernel could not be started or prepared for a page."""


class WarmKernel:
    """One worker's kernel: started and prepared on first use, replaced when spent or after a failure.

    Parameters
    ----------
    kind : {"auto", "ipc", "tcp"}
        The kernel transport (:func:`yubei_lib.runner.kernels.transport`).
    ledger_cache : str, optional
        The folder of the validated ledger, put in the kernel's environment.
    pages : int
        Pages the kernel runs before it is replaced; 1 gives every page a kernel of its own.
    timeout : float
        Seconds to start and prepare the kernel.
    row_limit : int, optional
        The run's row limit, put in the kernel's environment.
    """

    def __init__(self, kind: str = "auto", ledger_cache: str | None = None, pages: int = KERNEL_PAGES,
                 timeout: float = 120, row_limit: int | None = None):
        if pages < 1:
            raise ValueError("a kernel runs at least one page")
        self.kind, self.ledger_cache, self.pages, self.timeout = transport(kind), ledger_cache, pages, timeout
        self.row_limit = row_limit
        self.manager: PageKernelManager | None = None
        self._client: BlockingKernelClient | None = None
        self.used = 0
        self.started = 0  # kernels started so far (for tests and benchmarks)
        self.home: str | None = None  # the kernel's own empty folder, between pages

    def for_page(self, folder: str, watchdog: Watchdog) -> PageKernelManager:
        """Return the kernel manager to hand papermill for the next page, its session fresh and in ``folder``.

        Raises
        ------
        KernelError
            When the kernel cannot be started or prepared.
        """
        if self.manager is not None and (self.used >= self.pages or not run_sync(self.manager.is_alive)()):
            self.stop()
        if self.manager is None:
            self._start()
        manager = self.manager
        assert manager is not None  # _start() sets it or raises
        watchdog.watch(manager)
        self._call(FRESH.format(folder=str(folder)))
        self.used += 1
        return manager

    def after_page(self, failed: bool) -> None:
        """Close the page's client and leave the page's folder (Windows keeps a folder in use from deletion).

        After a failure the kernel is stopped: the next page gets a new one.
        """
        if self.manager is not None:
            self.manager.close_clients()
        if not failed and self.manager is not None:
            try:
                self._call(LEAVE.format(home=self.home))
            except KernelError:
                failed = True
        if failed:
            self.stop(now=True)

    def _start(self) -> None:
        if sys.platform == "win32":  # ZeroMQ needs the selector loop there (as papermill sets it)
            asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())
        manager = manager_class(self.kind, self.ledger_cache, row_limit=self.row_limit)(kernel_name="python3")
        # a folder of its own, empty: the kernel imports from its working folder, and the system's
        # temporary folder may hold anyone's files (a stray attr.py or numpy.py would be imported)
        self.home = tempfile.mkdtemp(prefix="yubei-kernel-")
        try:
            run_sync(manager.start_kernel)(cwd=self.home)
        except Exception as exc:
            self._remove_home()
            raise KernelError(f"the kernel did not start: {type(exc).__name__}: {exc}") from exc
        self.manager, self.used = manager, 0
        self.started += 1
        client = BlockingKernelClient()
        bounded(client.context)
        client.load_connection_info(manager.get_connection_info())
        client.start_channels(iopub=False, stdin=False, hb=False, control=False)
        self._client = client
        try:
            self._call(PREPARE)
        except KernelError:
            self.stop(now=True)
            raise

    def _call(self, code: str) -> None:
        """Run a line of the kit's own in the kernel, out of the page's history and outputs."""
        client, manager = self._client, self.manager
        assert client is not None and manager is not None  # only called on a started kernel
        msg_id = client.execute(code, silent=True, store_history=False)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                reply = client.get_shell_msg(timeout=1)
            except queue.Empty:
                if not run_sync(manager.is_alive)():
                    raise KernelError("the kernel died") from None
                if time.monotonic() > deadline:
                    raise KernelError(f"the kernel did not answer within {self.timeout:.0f} s") from None
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content.get("status") != "ok":
            raise KernelError(f"the kernel could not be prepared: {content.get('ename')}: {content.get('evalue')}")

    def stop(self, now: bool = False) -> None:
        """Shut the kernel down (``now``: kill it without asking)."""
        if self._client is not None:
            self._client.stop_channels()
            self._client = None
        if self.manager is not None:
            manager, self.manager = self.manager, None
            manager.close_clients()
            try:
                run_sync(manager.shutdown_kernel)(now=now)
            except Exception:  # already dead: its files are cleaned up below
                run_sync(manager.cleanup_resources)()
        self._remove_home()

    def _remove_home(self) -> None:
        if self.home is not None:
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None


def run_pages(jobs: Iterable, workers: int, kernel: Callable[[], WarmKernel],
              page: Callable[[object, WarmKernel], object]) -> Iterator:
    """Run the jobs on ``workers`` threads, each with a warm kernel of its own; yield each outcome when done.

    Parameters
    ----------
    jobs : iterable
        The pages to run, in order.
    workers : int
        Threads, hence kernels, at once.
    kernel : callable
        Returns a new :class:`WarmKernel` (one per worker).
    page : callable
        ``page(job, kernel)`` runs one page and returns its outcome; it must not raise.
    """
    todo: queue.Queue = queue.Queue()
    for job in jobs:
        todo.put(job)
    total = todo.qsize()
    done: queue.Queue = queue.Queue()
    stopping = threading.Event()

    def work() -> None:
        mine = kernel()
        try:
            while not stopping.is_set():
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    done.put(page(job, mine))
                except BaseException as exc:  # a fault of the kit's: raised in the caller's thread
                    done.put(exc)
                    return
        finally:
            mine.stop()

    threads = [threading.Thread(target=work, name=f"yubei-page-{i}", daemon=True)
               for i in range(max(1, min(workers, total)))]
    for thread in threads:
        thread.start()
    try:
        for _ in range(total):
            outcome = done.get()
            if isinstance(outcome, BaseException):
                raise outcome
            yield outcome
    finally:
        stopping.set()
        for thread in threads:
            thread.join(timeout=30)
