"""Start JupyterLab or Voila for a browser test, and stop it again by its PID.

Both servers come from the venv that runs pytest (the directory of ``sys.executable``),
listen on 127.0.0.1 on a free port with a random token, and keep every bit of Jupyter
state (config, runtime, data, lab settings, workspaces, IPython profile) in a temporary
directory, so a test never reads or writes the user's ``~/.jupyter``.

``stop()`` sends SIGTERM to the server's PID, waits, and only then sends SIGKILL.
jupyter_server shuts its kernels down on SIGTERM; SIGINT would need two presses and is
ignored by jobs started with ``&`` from a non-interactive shell.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def venv_script(name: str) -> Path:
    """``jupyter`` or ``voila`` beside the interpreter running the tests."""
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: install the lab extras into this venv "
            f"({sys.executable} -m pip install -e '.[dev]')"
        )
    return path


def isolated_env(state: Path) -> dict[str, str]:
    """The environment for a server whose Jupyter state lives under ``state``."""
    dirs = {
        "JUPYTER_CONFIG_DIR": state / "config",
        "JUPYTER_RUNTIME_DIR": state / "runtime",
        "JUPYTER_DATA_DIR": state / "data",
        "JUPYTERLAB_SETTINGS_DIR": state / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": state / "lab-workspaces",
        "IPYTHONDIR": state / "ipython",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({key: str(path) for key, path in dirs.items()})
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    env["PYTHONUNBUFFERED"] = "1"
    # JupyterLab settings that keep the page quiet and predictable for a robot: no news
    # toast over the notebook, no kernel picker if a notebook lacks kernelspec metadata.
    _write_setting(
        dirs["JUPYTERLAB_SETTINGS_DIR"],
        "@jupyterlab/apputils-extension/notification",
        {"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
    )
    _write_setting(
        dirs["JUPYTERLAB_SETTINGS_DIR"],
        "@jupyterlab/notebook-extension/tracker",
        {"autoStartDefaultKernel": True},
    )
    return env


def _write_setting(settings_dir: Path, plugin: str, values: dict[str, object]) -> None:
    path = settings_dir / f"{plugin}.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values))


@dataclass
class Server:
    """A running JupyterLab or Voila process."""

    kind: str
    proc: subprocess.Popen[bytes]
    port: int
    token: str
    log_path: Path
    started_in_s: float = 0.0
    _log: object = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, **query: str) -> str:
        """``path`` on this server, logged in by the token in the query string."""
        params = [f"{k}={v}" if v else k for k, v in query.items()]
        params.append(f"token={self.token}")
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{sep}{'&'.join(params)}"

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """SIGTERM the server's PID, SIGKILL it after ``timeout`` seconds.

        On SIGTERM the server shuts its kernels down itself (jupyter_client starts each
        kernel in a session of its own, and a kernel whose server is gone exits by its
        parent poller). Then SIGKILL whatever is left in the server's own process group
        (``start_new_session=True`` made one), so no helper outlives the test.
        """
        try:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=5)
            _signal_group(self.proc.pid, signal.SIGKILL)
        finally:
            log = self._log
            if log is not None and hasattr(log, "close"):
                log.close()
        return self.proc.returncode


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def start_lab(root_dir: Path, state: Path) -> Server:
    """``jupyter lab`` serving ``root_dir``; returns once ``/api/status`` answers 200."""
    port, token = free_port(), "wmkit-" + secrets.token_hex(12)
    cmd = [
        str(venv_script("jupyter")),
        "lab",
        "--no-browser",
        *_root_flag(),
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        # window.jupyterapp lets a test read output types from the notebook model.
        "--LabApp.expose_app_in_browser=True",
    ]
    server = _spawn("lab", cmd, root_dir, state, port, token)
    _wait_until_up(server, server.url("api/status"), accept_any_status=False)
    return server


def start_voila(notebook: Path, state: Path) -> Server:
    """``voila <notebook>``; returns once the server answers HTTP.

    Readiness polls a static route rather than the page itself: every GET of the page
    starts a kernel and runs the notebook, which is the browser's job.
    """
    port, token = free_port(), "wmkit-" + secrets.token_hex(12)
    cmd = [
        str(venv_script("voila")),
        str(notebook),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        f"--Voila.token={token}",
        "--show_tracebacks=True",
    ]
    server = _spawn("voila", cmd, notebook.parent, state, port, token)
    _wait_until_up(server, server.url("voila/static/"), accept_any_status=True)
    return server


def _spawn(kind: str, cmd: list[str], cwd: Path, state: Path, port: int, token: str) -> Server:
    env = isolated_env(state)
    log_path = state / f"{kind}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed by Server.stop()
    log.write(("$ " + " ".join(cmd).replace(token, "<token>") + "\n").encode())
    log.flush()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Server(kind=kind, proc=proc, port=port, token=token, log_path=log_path, _log=log)


def _wait_until_up(server: Server, url: str, *, accept_any_status: bool) -> None:
    t0 = time.monotonic()
    deadline = t0 + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            server.stop()
            raise RuntimeError(
                f"{server.kind} exited with {server.proc.returncode} before answering; "
                f"log {server.log_path}:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    server.started_in_s = time.monotonic() - t0
                    return
        except urllib.error.HTTPError as err:
            if accept_any_status:
                server.started_in_s = time.monotonic() - t0
                return
            err.close()
        except OSError:
            pass
        time.sleep(0.25)
    server.stop()
    raise TimeoutError(
        f"{server.kind} did not answer {url.split('?')[0]} within {START_TIMEOUT_S:.0f} s; "
        f"log {server.log_path}:\n{server.log_tail()}"
    )
