"""Serve the explorer notebook with Voilà on 127.0.0.1 (no code shown) until stopped.

Ctrl-C, SIGTERM and SIGHUP all stop Voilà and every kernel it started: nothing is left
running, and the port is free again.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import webbrowser
from pathlib import Path

from debateprep.errors import DebateprepError
from debateprep.pack.plan import NOTEBOOKS

EXPLORER = NOTEBOOKS / "explore.ipynb"


class PortInUse(DebateprepError):
    """The port asked for is taken by another program."""


VOILA = ("import debateprep; from traitlets.config import Config; from voila.app import Voila; "
         "Voila.launch_instance(config=Config({'Voila': {'tornado_settings': {"
         "'allow_remote_access': False, 'local_hostnames': ['localhost']}}}))")
"""`python -m voila`, after importing debateprep (its guard keeps rfc3987_syntax's slow import
out of the server process, see debateprep/__init__.py), and refusing (403) a request whose
Host header is not this machine: Voila allows any Host by default, so a page on another site
could reach the explorer through a name that resolves here (DNS rebinding)."""


def voila_command(port: int, notebook: Path = EXPLORER, preheat: bool = True) -> list[str]:
    """The Voilà command line: local interface only, no browser of its own, no code cells,
    exactly the port asked for (no moving to the next one).

    With preheat (the default), Voilà keeps one kernel ready that has already run the explorer
    notebook (imports done, data loaded and checked), and hands it to the next visitor while it
    starts the next one: a page no longer waits for a kernel to start and load the data.

    Kernels talk over IPC sockets, not TCP ports: a TCP port picked for a new kernel can be
    taken by another process before the kernel binds it, and the page then waits forever.
    """
    command = [sys.executable, "-c", VOILA, str(notebook), f"--port={port}", "--no-browser",
               "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--strip_sources=True",
               "--show_tracebacks=False", "--KernelManager.transport=ipc"]
    return command + (["--preheat_kernel=True", "--pool_size=1"] if preheat else [])


def check_port_free(port: int) -> None:
    """PortInUse, in one line, when something already listens on 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # as servers do: a port whose last connections linger in TIME_WAIT is free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise PortInUse(f"port {port} on 127.0.0.1 is in use by another program; "
                            f"choose another with --port N") from None


def descendants(pid: int) -> list[int]:
    """Every process below pid (children, grandchildren, ...), read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def stop_tree(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Stop Voilà and its kernels: SIGTERM (Voilà shuts its kernels down), then SIGKILL for
    anything still alive after timeout seconds."""
    family = descendants(process.pid)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    deadline = time.monotonic() + 3
    for pid in family:
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


class _Stop(Exception):
    """Raised by the SIGTERM/SIGHUP handler to leave the wait."""


def _raise_stop(signum, _frame) -> None:
    raise _Stop(signum)


def serve(port: int, data_dir: Path, exports: Path | None, open_browser: bool = True,
          preheat: bool = True, lang: str = "nl", log: Path | None = None) -> int:
    """Run Voilà in the foreground until Ctrl-C, SIGTERM or SIGHUP; stop it and its kernels.
    lang: the explorer's language (its controls and the data's text). Voilà's and its kernels'
    own messages go to log (default: explorer.log beside the exports folder), so the terminal
    shows only the explorer's lines, even when a kernel is stopped half-way through its start."""
    check_port_free(port)
    exports = (exports or Path.cwd() / "reports" / "exports").resolve()
    env = os.environ | {"DEBATEPREP_DATA": str(data_dir.resolve()), "DEBATEPREP_LANG": lang,
                        "DEBATEPREP_EXPORTS": str(exports)}
    log = Path(log or exports.parent / "explorer.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}/"
    previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    with open(log, "a", encoding="utf-8") as messages:
        process = subprocess.Popen(voila_command(port, preheat=preheat), env=env, cwd=NOTEBOOKS,
                                   stdout=messages, stderr=subprocess.STDOUT)
    try:
        print(f"debateprep explorer: {url}  (Ctrl-C stops it; Voilà's log: {log})", flush=True)
        if open_browser:
            webbrowser.open(url)
        code = process.wait()
        if code != 0:
            print(f"debateprep explorer: Voilà stopped with exit code {code}", file=sys.stderr)
            return 1
        return 0
    except (KeyboardInterrupt, _Stop):
        stop_tree(process)
        print("debateprep explorer: stopped", flush=True)
        return 0
    finally:
        if process.poll() is None:
            stop_tree(process)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
