"""Worker processes that end when the build ends, however it ends (kill -9 of the build included).

On Linux the kernel kills a worker when its parent dies (PR_SET_PDEATHSIG); everywhere, a thread in
the worker notices that it has been re-parented and exits. Either alone would do on Linux; the
thread is the portable fallback and covers the window before prctl runs.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

POLL_SECONDS = 0.5


def end_with_parent() -> None:
    """Pool initializer: tie this process's life to its parent's."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        _linux_parent_death_signal()
    if os.getppid() != parent or parent == 1:  # the parent died before we got here
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="ladder-parent-watch", daemon=True).start()


def _linux_parent_death_signal() -> None:
    import ctypes

    PR_SET_PDEATHSIG = 1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no usable libc (unusual builds): the watch thread remains
        pass


def _watch(parent: int) -> None:
    stop = threading.Event()
    while not stop.wait(POLL_SECONDS):
        if os.getppid() != parent:
            os._exit(1)
