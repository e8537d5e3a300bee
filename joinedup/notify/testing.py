"""Pytest fixtures for code that sends email: the test outbox, emptied around every test.

Use it from any app's tests with `pytest_plugins = ["joinedup.notify.testing"]` in the root conftest.
"""

from collections.abc import Iterator

import pytest

from joinedup.notify.backends import Email, clear, outbox


@pytest.fixture(autouse=True)
def notify_outbox() -> Iterator[list[Email]]:
    """What `notify_email` sent during this test (settings.test uses the OutboxBackend)."""
    clear()
    yield outbox
    clear()
