"""One kernel per render slot, reused by the chapters the slot runs.

A fresh kernel for every chapter costs 2 to 3 seconds before the chapter's first line runs
(start-up plus importing pandas, matplotlib and the library). A slot (a thread of the render,
see `debateprep.pack.run`) therefore keeps one kernel and runs its chapters in it one after
another. Each chapter starts with a clean slate:
a first cell, added before execution and taken out of the saved notebook, empties the user
namespace (as `%reset -f` does, see `CLEAN_SLATE`), closes any figure and moves to the
chapter's own working folder, so no chapter sees another's variables; modules stay imported,
which is the point. The tests check that a chapter run after others gives the same output as
the chapter run alone, and that it finds none of their names.
"""
from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
from pathlib import Path


RESET_TAG = "debateprep-reset"
KERNEL_ARGUMENTS = ["--IPKernelApp.capture_fd_output=False", "--HistoryManager.enabled=False"]
"""Arguments every chapter kernel starts with.

Output written at the file-descriptor level (by C extensions) is not forwarded to the notebook,
which never shows it; it goes to the render's kernel.log with the rest of the kernel's chatter.
(In one of the start-up hangs examined, see WARM_UP, ipykernel 7's forwarding thread was blocked
creating its socket; with forwarding off, the hangs went on until the warm-up moved into the
kernel, and have not been seen since.) The kernel keeps no input history: IPython would write
every cell of every chapter to the user's own history database, about 3 ms a cell."""
_SLOT = threading.local()
"""Each thread's own kernel: a kernel manager is tied to the event loop of the thread that
started it."""


def _kernel() -> dict:
    if not hasattr(_SLOT, "kernel"):
        _SLOT.kernel = {}
    return _SLOT.kernel


@functools.cache
def ipc_kernel_manager() -> type:
    """A kernel manager whose kernels talk over IPC sockets rather than TCP ports, and which
    gives all the chapters run in its kernel one client.

    With TCP, a port picked for one kernel can be taken by another kernel starting at the same
    moment before it binds (papermill issues #239, #511); IPC socket files have unique names.

    nbclient asks the manager for a new client for every notebook, starts its channels, waits
    for the kernel to answer, and leaves it open when it did not start the kernel itself. A
    new client's first answer costs about 0.2 s (jupyter_client then waits on IOPub, whose
    subscription is still joining) and its sockets and heartbeat thread stayed open. Here the
    first client is made ready once and given again; `close_clients` closes it with the kernel.
    """
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager

    class SlotClient(AsyncKernelClient):
        """A client started and made ready once, then handed to each chapter as it is."""

        ready = False

        def start_channels(self, *args, **kwargs) -> None:
            if not self.channels_running:
                super().start_channels(*args, **kwargs)

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            if not self.ready:
                await AsyncKernelClient.wait_for_ready(self, timeout=timeout)
                self.ready = True

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs) -> None:
            kwargs.setdefault("transport", "ipc")
            private = None
            if "ip" not in kwargs:  # a kernel papermill starts (DEBATEPREP_FRESH_KERNELS=1):
                # a socket folder of its own too, or two started at once in one render (its
                # slots share a working folder) would take the same socket names
                private = tempfile.mkdtemp(prefix="debateprep-kernel-")
                kwargs["ip"] = os.path.join(private, "kernel")
            super().__init__(**kwargs)
            self.private = private
            self.client_factory = SlotClient
            self.given = None

        async def cleanup_resources(self, restart: bool = False) -> None:
            await super().cleanup_resources(restart=restart)
            if not restart and self.private:
                shutil.rmtree(self.private, ignore_errors=True)

        def client(self, **kwargs):
            """The kernel's one client (made on the first call)."""
            if self.given is None:
                self.given = super().client(**kwargs)
            return self.given

        def close_clients(self) -> None:
            """Close the client (in the thread that used it), for example before a shutdown."""
            if self.given is not None:
                self.given.stop_channels()
                self.given = None

    return IpcKernelManager


WARM_UP = ("import pandas, matplotlib.pyplot, IPython.display",
           "import debateprep.chapters.report, debateprep.chapters.charts")
"""What a worker's kernel imports as it starts, before its first chapter (every chapter needs
them; the chapter's clean slate keeps modules). The kernel runs them itself: when a second
client sent them while papermill's client connected, about one kernel start in ten left the
kernel answering neither, and papermill waited out its two-minute start timeout (34 renders in
a row without a hang after the change, against 5 hangs in about 25 before)."""


def worker_kernel(log: Path | None = None):
    """This thread's kernel manager, its kernel started (once) and alive; the kernel's own
    output (start-up chatter, warnings of C libraries) goes to log, if given, not to the
    terminal. (Started without a working folder: a start with one leaves papermill waiting;
    chapters move there.) The thread shuts it down with `drop_kernel`; if the render itself
    dies, the kernel notices its parent is gone and exits (ipykernel polls for it)."""
    from jupyter_client.utils import run_sync
    state = _kernel()
    km = state.get("km")
    if km is not None and km.has_kernel and km.provisioner is not None \
            and km.provisioner.process is not None and km.provisioner.process.poll() is None:
        return km
    drop_kernel()
    # IPC socket files are named from a path prefix (default: 'kernel-ipc' in the working
    # folder); each worker's kernel gets its own private folder, or two workers' kernels
    # would answer each other's messages
    sockets = tempfile.mkdtemp(prefix="debateprep-kernel-")
    km = ipc_kernel_manager()(kernel_name="python3", ip=os.path.join(sockets, "kernel"))
    state["sockets"] = sockets
    output = {}
    if log is not None:
        state["log"] = output["stdout"] = output["stderr"] = open(log, "ab")
    run_sync(km.start_kernel)(extra_arguments=KERNEL_ARGUMENTS + [
        f"--IPKernelApp.exec_lines={line}" for line in WARM_UP], **output)
    state["km"] = km
    return km


def drop_kernel() -> None:
    """Shut this thread's kernel down (a failed one is replaced on the next chapter)."""
    from jupyter_client.utils import run_sync
    state = _kernel()
    km = state.pop("km", None)
    if km is not None:
        km.close_clients()
        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # already gone
            pass
    log = state.pop("log", None)
    if log is not None:  # kept only when the kernel said something
        log.close()
        if os.path.getsize(log.name) == 0:
            os.unlink(log.name)
    shutil.rmtree(state.pop("sockets", ""), ignore_errors=True)


CLEAN_SLATE = """\
def _clean_slate(shell=get_ipython()):
    import gc, os
    import matplotlib.pyplot as plt
    os.chdir(WORKDIR)
    plt.close("all")
    collect, gc.collect = gc.collect, lambda generation=2: 0
    try:
        shell.reset(new_session=False)
    finally:
        gc.collect = collect
_clean_slate()"""
"""The first cell of every chapter run in a reused kernel: move to the chapter's working folder
(first: the last chapter's folder is gone), close every figure, and empty the user namespace as
`%reset -f` does (`InteractiveShell.reset`), but without the two full garbage collections that
the magic and the reset's display hook run: they cost about 0.14 s of processor time, where a
chapter's own cells take 0.1 to 0.5 s. Python's own collector frees the last chapter's cycles
as usual."""


def with_reset(notebook: str, workdir: str) -> Path:
    """A copy of the notebook, in workdir, whose first cell gives the chapter a clean slate."""
    import nbformat
    nb = nbformat.read(notebook, as_version=4)
    reset = nbformat.v4.new_code_cell(CLEAN_SLATE.replace("WORKDIR", repr(workdir)))
    reset.metadata["tags"] = [RESET_TAG]
    nb.cells.insert(0, reset)
    path = Path(workdir) / Path(notebook).name
    nbformat.write(nb, path)
    return path


def strip_reset(executed: Path) -> None:
    """Take the clean-slate cell out of an executed notebook, and count the cells that ran
    as the chapter's own notebook would (the failure summary's "cell N" is the N shown)."""
    import nbformat
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # nothing (readable) was written
        return
    nb.cells = [c for c in nb.cells if RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count"):
            cell.execution_count -= 1
            for output in cell.get("outputs", []):
                if output.get("execution_count"):
                    output["execution_count"] -= 1
    nbformat.write(nb, executed)
