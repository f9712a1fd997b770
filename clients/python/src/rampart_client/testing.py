"""A real ``rampart serve`` on 127.0.0.1 for tests, benchmarks and examples.

```python
from rampart_client.testing import LocalRampart

with LocalRampart("/path/to/rampart", rules_dir="rules", profiles_dir="profiles") as server:
    trader = server.token("trader", bots="*", accounts="*")
    with Client(server.url, token=trader) as client:
        ...
```

The server runs in a scratch directory holding copies of ``rules_dir`` and ``profiles_dir`` and a fresh database,
with a random master key, listening on ``127.0.0.1:0``; the port is read from its log line
``listening on 127.0.0.1:PORT``. Tokens are made with ``rampart token create``. ``stop()`` (or leaving the
``with`` block) ends that one process and removes the directory.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

__all__ = ["LocalRampart", "ServerFailed"]

_LISTENING = re.compile(r"listening on 127\.0\.0\.1:(\d+)")


class ServerFailed(RuntimeError):
    """``rampart serve`` did not start (or a CLI command failed); the message holds its output."""


class LocalRampart:
    """One ``rampart serve`` process on 127.0.0.1 with a scratch database and copies of the rules and profiles."""

    def __init__(
        self,
        binary: str | os.PathLike[str],
        *,
        rules_dir: str | os.PathLike[str],
        profiles_dir: str | os.PathLike[str],
        profile: str = "paper",
        extra_profiles: Mapping[str, str] | None = None,
        arguments: Sequence[str] = (),
        startup_timeout: float = 30.0,
    ) -> None:
        """``extra_profiles`` maps file names to YAML written beside the copied profiles (``{"t.yaml": "…"}``);
        ``arguments`` are added to ``rampart serve`` (e.g. ``["--auth-failure-rate", "off"]``)."""
        self.binary = str(Path(binary).resolve())
        if not os.access(self.binary, os.X_OK):
            raise ServerFailed(f"no rampart binary at {self.binary} (build it with `swift build`, or set RAMPART_BIN)")
        self.directory = Path(tempfile.mkdtemp(prefix="rampart-py-"))
        shutil.copytree(rules_dir, self.directory / "rules")
        shutil.copytree(profiles_dir, self.directory / "profiles")
        for name, text in (extra_profiles or {}).items():
            (self.directory / "profiles" / name).write_text(text)
        self.db = str(self.directory / "state.sqlite")
        self.profile = profile
        self.arguments = list(arguments)
        self.startup_timeout = startup_timeout
        self.environment = dict(os.environ)
        self.environment["RAMPART_MASTER_KEY"] = secrets.token_hex(32)
        for name in ("RAMPART_MASTER_KEY_FILE", "RAMPART_ENV", "RAMPART_URL", "RAMPART_TOKEN"):
            self.environment.pop(name, None)
        self.log_path = self.directory / "serve.log"
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._tokens = 0

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` once started."""
        if not self.port:
            raise ServerFailed("the server is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> str:
        """What the server printed so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def rampart(self, *arguments: str) -> str:
        """Runs a ``rampart`` command in the scratch directory with the server's environment; its stdout."""
        result = subprocess.run(
            [self.binary, *arguments],
            cwd=self.directory,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            raise ServerFailed(f"rampart {' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()}")
        return result.stdout

    def token(
        self,
        role: str,
        *,
        name: str | None = None,
        bots: str | None = "*",
        accounts: str | None = "*",
    ) -> str:
        """A new token of ``role`` (``trader``, ``ops``, ``admin``); a trader's is scoped to ``bots``/``accounts``."""
        self._tokens += 1
        arguments = ["token", "create", "--db", self.db, "--role", role, "--name", name or f"{role}-{self._tokens}"]
        if role == "trader":
            if bots is not None:
                arguments += ["--bots", bots]
            if accounts is not None:
                arguments += ["--accounts", accounts]
        return self.rampart(*arguments).strip()

    def start(self) -> LocalRampart:
        """Starts the server and waits until it listens."""
        if self._process is not None:
            return self
        command = [
            self.binary,
            "serve",
            "--db",
            self.db,
            "--listen",
            "127.0.0.1:0",
            "--profile",
            self.profile,
            "--watch-interval",
            "0",
            *self.arguments,
        ]
        with open(self.log_path, "wb") as log:
            self._process = subprocess.Popen(
                command, cwd=self.directory, env=self.environment, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            match = _LISTENING.search(self.log)
            if match:
                self.port = int(match.group(1))
                return self
            if self._process.poll() is not None:
                break
            time.sleep(0.02)
        output = self.log
        self._end()
        raise ServerFailed(f"rampart serve did not start listening:\n{output}")

    def _end(self) -> None:
        process = self._process
        self._process = None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def stop(self, *, keep_directory: bool = False) -> None:
        """Stops the server (SIGTERM, then SIGKILL after 10 s) and removes the scratch directory."""
        self._end()
        self.port = 0
        if not keep_directory:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> LocalRampart:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
