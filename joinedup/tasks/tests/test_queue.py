import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from huey import RedisHuey, SqliteHuey

from joinedup.tasks import queue
from joinedup.tasks.tasks import queue_ping


def test_tasks_run_inline_in_the_test_suite():
    assert queue.huey.immediate
    assert queue_ping(token="inline")() == "inline"


def test_it_describes_the_embedded_queue_by_its_file(monkeypatch, tmp_path):
    monkeypatch.setattr(queue, "huey", SqliteHuey("joinedup-test", filename=str(tmp_path / "tasks.sqlite3")))

    assert queue.queue_describe() == (
        f"SQLite file {tmp_path / 'tasks.sqlite3'}, queue 'joinedup-test' (embedded: no server needed)"
    )


def test_it_describes_redis_without_its_password(monkeypatch):
    monkeypatch.setattr(queue, "huey", RedisHuey("joinedup-test", url="redis://:hunter2@10.0.0.5:6380/3"))

    description = queue.queue_describe()

    assert description == "Redis at 10.0.0.5:6380/3, queue 'joinedup-test'"
    assert "hunter2" not in description


def test_the_worker_refuses_to_start_when_tasks_run_inline():
    with pytest.raises(CommandError, match="immediate mode"):
        call_command("worker")
