"""The production app server: gunicorn (gthread) serving the platform from a migrated database."""

from __future__ import annotations

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
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get(url: str, headers: dict[str, str]) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_gunicorn_serves_health_and_home_page(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GONGKAI_", "DATABASE_", "CACHE_"))
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="gongkai.web.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'gongkai.sqlite3'}",
        GONGKAI_VAR_DIR=str(tmp_path / "var"),
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        GONGKAI_HTTPS="1",
        GONGKAI_LOG_FORMAT="json",
    )
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input", "-v", "0"], ["demo_load"]):
        subprocess.run(
            [*manage, *command], env=env, cwd=REPO, check=True, timeout=120, capture_output=True
        )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "gongkai.web.wsgi:application",
            "--worker-class",
            "gthread",
            "--workers",
            "2",
            "--threads",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--graceful-timeout",
            "5",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    https = {"X-Forwarded-Proto": "https"}  # what nginx sends in front of TLS
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            try:
                status, body, _ = get(f"{base}/healthz", https)
                break
            except (ConnectionError, urllib.error.URLError):
                assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
                time.sleep(0.2)
        assert status == 200
        assert json.loads(body) == {"status": "ok", "database": "ok"}

        status, body, headers = get(f"{base}/", https)
        assert status == 200
        assert "南关区民政局" in body or "长春市南关区人民政府" in body
        assert "max-age=31536000" in headers["Strict-Transport-Security"]

        # Plain http (no X-Forwarded-Proto from the proxy) is sent to https.
        status, _, headers = get(f"{base}/", {})
        assert status == 301
        assert headers["Location"] == f"https://127.0.0.1:{port}/"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    assert server.returncode == 0
