"""A burst of 200 signed deliveries against a small pool (issue 22, load): every one is answered
(202 or 429), every accepted one ends with a tag on its version and one log line, none that got
429 is touched, the queue never grows past its limit, and memory stays bounded.

The deliveries are signed by MLflow's own `_generate_hmac_signature` and name 200 real versions
registered on the real server; all traffic is to 127.0.0.1. The test ends by itself: every wait
has a deadline and the receiver is stopped with SIGTERM.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

pytest.importorskip("mlflow")

from tests.remote.conftest import Logged
from tests.serve.conftest import Receiver, wait_for

BURST = 200
NAMES = tuple(f"gate-load-{n}" for n in range(4))  # registered in parallel, one thread per model
WORKERS, QUEUE_LIMIT = 2, 16
RSS_GROWTH_LIMIT_KIB = 96 * 1024


def _versions_with_tags(client: Any) -> dict[tuple[str, str], dict[str, str]]:
    found: dict[tuple[str, str], dict[str, str]] = {}
    for name in NAMES:
        token = None
        while True:
            page = client.search_model_versions(f"name = '{name}'", max_results=200, page_token=token)
            found.update({(name, str(v.version)): dict(v.tags) for v in page})
            token = page.token
            if not token:
                break
    return found


def _register(uri: str, name: str, model_id: str, count: int) -> list[tuple[str, str]]:
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    client.create_registered_model(name)
    return [
        (
            name,
            str(
                client.create_model_version(
                    name, f"models:/{model_id}", model_id=model_id, await_creation_for=0
                ).version
            ),
        )
        for _ in range(count)
    ]


def test_a_burst_of_200_is_answered_and_every_accepted_one_tagged(
    logged: Logged, receiver_factory: Callable[..., Receiver]
) -> None:
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri=logged.uri)
    assert not list(client.list_webhooks()), "no webhook may deliver these registrations elsewhere"
    model_id = logged.models["clean"]["model_id"]
    with ThreadPoolExecutor(max_workers=len(NAMES)) as pool:
        per_model = BURST // len(NAMES)
        versions = [v for vs in pool.map(lambda n: _register(logged.uri, n, model_id, per_model), NAMES) for v in vs]
    assert len(set(versions)) == BURST
    receiver = receiver_factory(logged.uri, "--workers", str(WORKERS), "--queue-limit", str(QUEUE_LIMIT))
    rss_before = receiver.rss_kib()

    def deliver(version: tuple[str, str]) -> tuple[tuple[str, str], str, int]:
        name, number = version
        delivery_id, status, _ = receiver.send("model_version", "created", {"name": name, "version": number})
        return version, delivery_id, status

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as burst:
        answers = list(burst.map(deliver, versions))
    answered = time.monotonic() - started
    statuses = Counter(status for _, _, status in answers)
    assert set(statuses) <= {202, 429}, statuses
    assert sum(statuses.values()) == BURST
    accepted = [version for version, _, status in answers if status == 202]
    refused = [version for version, _, status in answers if status == 429]
    assert len(accepted) >= QUEUE_LIMIT and refused, statuses  # the queue filled, and its limit held

    tagged = wait_for(
        lambda: (lambda found: found if all("uv-audit.status" in found[v] for v in accepted) else None)(
            _versions_with_tags(client)
        ),
        120,
        f"a tag on each of the {len(accepted)} accepted versions",
        interval=0.5,
    )
    wait_for(lambda: receiver.health()["running"] == 0, 30, "the pool to go idle")
    tagged = _versions_with_tags(client)
    assert {tagged[v]["uv-audit.status"] for v in accepted} == {"pass"}
    assert all(tagged[v] == {} for v in refused), "a delivery answered 429 must do nothing"
    rss_after = receiver.rss_kib()
    assert rss_after - rss_before < RSS_GROWTH_LIMIT_KIB, (rss_before, rss_after)

    # exactly one log line per delivery, and it tells what happened
    by_id = Counter(line["delivery_id"] for line in receiver.lines() if "delivery_id" in line)
    assert all(by_id[delivery_id] == 1 for _, delivery_id, _ in answers)
    verdicts = {
        line["delivery_id"]: (line["http"], line["verdict"]) for line in receiver.lines() if "delivery_id" in line
    }
    assert Counter(verdicts[d] for _, d, _ in answers) == Counter(
        {(202, "pass"): len(accepted), (429, "busy"): len(refused)}
    )
    health = receiver.health()
    assert health["queued"] == 0 and health["stuck"] == 0
    print(
        f"\nburst of {BURST}: {statuses[202]} accepted, {statuses[429]} answered 429 in {answered:.2f}s; "
        f"RSS {rss_before // 1024} -> {rss_after // 1024} MiB"
    )
    receiver.terminate()
