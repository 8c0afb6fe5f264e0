"""Serve the explorer notebook with Voilà on 127.0.0.1 (no code shown) until Ctrl-C."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import webbrowser
from pathlib import Path

from .render import NOTEBOOKS

EXPLORER = NOTEBOOKS / "explore.ipynb"


def voila_command(port: int, notebook: Path = EXPLORER) -> list[str]:
    """The Voilà command line: local interface only, no browser of its own, no code cells.

    Kernels talk over IPC sockets, not TCP ports: a TCP port picked for a new kernel can be
    taken by another process before the kernel binds it, and the page then waits forever.
    """
    return [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser",
            "--Voila.ip=127.0.0.1", "--strip_sources=True", "--show_tracebacks=False",
            "--KernelManager.transport=ipc"]


def serve(port: int, data_dir: Path, exports: Path | None, open_browser: bool = True) -> int:
    """Run Voilà in the foreground; Ctrl-C stops it cleanly and returns 0."""
    env = os.environ | {"DEBATEPREP_DATA": str(data_dir.resolve()),
                        "DEBATEPREP_EXPORTS": str((exports or NOTEBOOKS.parent / "reports"
                                                   / "exports").resolve())}
    url = f"http://127.0.0.1:{port}/"
    print(f"debateprep explorer: {url}  (Ctrl-C stops it)", flush=True)
    process = subprocess.Popen(voila_command(port), env=env, cwd=NOTEBOOKS)
    if open_browser:
        webbrowser.open(url)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        print("debateprep explorer: stopped", flush=True)
        return 0
