"""The queue for real: a worker process takes tasks from Redis, and `joinedup serve` runs one
beside the web server on the embedded (SQLite) queue. Each test runs `joinedup` as a subprocess
with the local settings, where tasks are queued rather than run inline.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey

REDIS_URL = "redis://127.0.0.1:6379/0"
REPO = Path(__file__).resolve().parents[3]
CLI = [sys.executable, "-m", "joinedup.cli"]


def local_env(var_dir: Path, **extra: str) -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "JOINEDUP_NO_WORKER"}
    }
    return environment | {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "JOINEDUP_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'joinedup.sqlite3'}",
        "JOINEDUP_QUEUE_NAME": f"joinedup-test-{uuid.uuid4().hex[:12]}",
        **extra,
    }


def enqueue_ping(env: dict[str, str], token: str) -> str:
    """Put `queue_ping` on the queue from a separate process, as a web request would; its task id."""
    code = f"from joinedup.tasks.tasks import queue_ping; print(queue_ping(token={token!r}).id)"
    done = subprocess.run(
        [*CLI, "shell", "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def stop(process: subprocess.Popen, how: signal.Signals) -> str:
    """Ask a `joinedup` process to stop and return everything it printed."""
    if process.poll() is None:
        process.send_signal(how)
    output, _ = process.communicate(timeout=60)
    return output


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.ConnectionError:
        return False


@pytest.fixture
def redis_queue_env(tmp_path):
    if not redis_reachable():
        if os.environ.get("JOINEDUP_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required (JOINEDUP_REQUIRE_REDIS=1) but not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}; start redis-server to run this test")
    env = local_env(tmp_path, REDIS_URL=REDIS_URL)
    queue = RedisHuey(env["JOINEDUP_QUEUE_NAME"], url=REDIS_URL)
    yield env, queue
    queue.storage.flush_all()


def test_a_worker_runs_the_tasks_queued_in_redis(redis_queue_env):
    env, queue = redis_queue_env

    task_id = enqueue_ping(env, "through-redis")
    assert queue.pending_count() == 1  # queued in Redis, and nothing has run it yet

    worker = subprocess.Popen(
        [*CLI, "worker", "--workers", "1"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        result = queue.result(task_id, blocking=True, timeout=60)
    finally:
        output = stop(worker, signal.SIGINT)

    assert result == "through-redis", output
    assert queue.pending_count() == 0
    assert f"Background tasks: Redis at 127.0.0.1:6379/0, queue '{env['JOINEDUP_QUEUE_NAME']}'" in output
    assert worker.returncode == 0, output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """`joinedup serve` on a free port, once it answers; the process and its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(450):  # 90 s: a cold start on a loaded machine is slow
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return server, base
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    pytest.fail("joinedup serve did not start:\n" + stop(server, signal.SIGTERM))


def test_serve_runs_background_tasks_with_no_other_server(tmp_path):
    env = local_env(tmp_path)
    server, _ = serve(env)
    try:
        task_id = enqueue_ping(env, "embedded")
        queue = SqliteHuey(env["JOINEDUP_QUEUE_NAME"], filename=str(tmp_path / "tasks.sqlite3"))
        result = queue.result(task_id, blocking=True, timeout=60)
    finally:
        output = stop(server, signal.SIGTERM)

    assert result == "embedded", output
    assert "Running background tasks alongside: SQLite file" in output
    assert "Consumer exiting." in output  # the worker stopped with the server
    assert "Shutting down: Master" in output  # and gunicorn stopped gracefully
    assert server.returncode == 0, output


def test_serve_stops_the_worker_when_the_web_server_stops(tmp_path):
    server, _ = serve(local_env(tmp_path))
    gunicorn_pid = int(
        subprocess.run(
            ["pgrep", "-P", str(server.pid), "-f", "gunicorn"], capture_output=True, text=True
        ).stdout.split()[0]
    )

    os.kill(gunicorn_pid, signal.SIGTERM)
    output = server.communicate(timeout=60)[0]

    assert "Consumer exiting." in output
    assert server.returncode == 0, output


def test_serve_leaves_the_worker_out_when_told_to(tmp_path):
    server, _ = serve(local_env(tmp_path, JOINEDUP_NO_WORKER="1"))
    children = subprocess.run(["pgrep", "-P", str(server.pid), "-a"], capture_output=True, text=True).stdout
    output = stop(server, signal.SIGINT)

    assert "gunicorn" in children
    assert "joinedup.cli worker" not in children
    assert "Running background tasks alongside" not in output
    assert server.returncode == 0, output
