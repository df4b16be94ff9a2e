import pytest

pytestmark = pytest.mark.integration


def test_real_worker_runs_a_task_end_to_end(start_worker, client_app):
    worker = start_worker()

    result = client_app.send_task("songlo.ping")

    assert result.get(timeout=30) == "pong", worker.log()


def test_worker_settings_ack_late_and_reject_on_lost():
    from songlo.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
