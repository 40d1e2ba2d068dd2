"""The signature check against MLflow's own signer (`mlflow.webhooks.delivery._generate_hmac_signature`,
3.17.2): what MLflow signs verifies; any change to the id, timestamp, body or secret does not."""

from __future__ import annotations

import json
import time

import pytest

from auditor.serve.signature import Refused, SeenDeliveries, sign, verify

delivery = pytest.importorskip("mlflow.webhooks.delivery")

SECRET = "whsec-test-\u00e9"  # MLflow encodes the secret as UTF-8
ID = "0f7c3c0e-5d7b-4a43-9d55-0a4e3a5b9c11"
BODY = json.dumps({"entity": "model_version", "action": "created", "data": {"name": "m", "version": "1"}})


def mlflow_headers(
    secret: str = SECRET, delivery_id: str = ID, timestamp: str | None = None, body: str = BODY
) -> dict[str, str]:
    ts = timestamp or str(int(time.time()))
    return {
        "X-MLflow-Delivery-Id": delivery_id,
        "X-MLflow-Timestamp": ts,
        "X-MLflow-Signature": delivery._generate_hmac_signature(secret, delivery_id, ts, body),
    }


def check(headers: dict[str, str], body: str = BODY, now: float | None = None) -> object:
    return verify(headers, body.encode("utf-8"), SECRET.encode("utf-8"), time.time() if now is None else now, 300)


def refusal(headers: dict[str, str], body: str = BODY, now: float | None = None) -> tuple[int, str]:
    with pytest.raises(Refused) as caught:
        check(headers, body, now)
    return caught.value.status, caught.value.reason


def test_what_mlflow_signs_verifies_and_our_signer_agrees() -> None:
    headers = mlflow_headers()
    signed = check(headers)
    assert signed.delivery_id == ID  # type: ignore[attr-defined]
    ts = headers["X-MLflow-Timestamp"]
    assert sign(SECRET.encode(), ID, ts, BODY.encode()) == headers["X-MLflow-Signature"]
    # header names are case-insensitive, as HTTP's are
    assert check({k.lower(): v for k, v in headers.items()}) == signed


def test_a_non_ascii_body_is_signed_over_its_utf8_bytes() -> None:
    body = json.dumps({"data": {"description": "modèle"}}, ensure_ascii=False)
    assert check(mlflow_headers(body=body), body=body)


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ("body", 403),
        ("secret", 403),
        ("delivery_id", 403),
        ("timestamp", 403),
        ("no-signature", 401),
        ("no-id", 401),
        ("no-timestamp", 401),
        ("not-v1", 401),
        ("bad-base64", 401),
        ("id-with-spaces", 401),
    ],
)
def test_any_change_is_refused(change: str, status: int) -> None:
    headers = mlflow_headers()
    body = BODY
    if change == "body":
        body = BODY.replace('"1"', '"2"')
    elif change == "secret":
        headers = mlflow_headers(secret="another-secret")
    elif change == "delivery_id":
        headers["X-MLflow-Delivery-Id"] = ID.replace("0", "1")
    elif change == "timestamp":
        headers["X-MLflow-Timestamp"] = str(int(headers["X-MLflow-Timestamp"]) - 1)
    elif change.startswith("no-"):
        key = {
            "no-signature": "X-MLflow-Signature",
            "no-id": "X-MLflow-Delivery-Id",
            "no-timestamp": "X-MLflow-Timestamp",
        }
        del headers[key[change]]
    elif change == "not-v1":
        headers["X-MLflow-Signature"] = headers["X-MLflow-Signature"].replace("v1,", "v2,")
    elif change == "bad-base64":
        headers["X-MLflow-Signature"] = "v1,not base64!"
    elif change == "id-with-spaces":
        headers["X-MLflow-Delivery-Id"] = "a b"
    assert refusal(headers, body)[0] == status


def test_one_matching_signature_among_several_is_enough() -> None:
    headers = mlflow_headers()
    headers["X-MLflow-Signature"] = f"v1,AAAA {headers['X-MLflow-Signature']}"
    assert check(headers)


def test_the_replay_window_is_300_seconds_either_way() -> None:
    now = 1_800_000_000.0
    for offset, ok in ((-300, True), (300, True), (-301, False), (301, False)):
        headers = mlflow_headers(timestamp=str(int(now) + offset))
        if ok:
            assert check(headers, now=now)
        else:
            assert refusal(headers, now=now) == (403, "timestamp outside the 300 s replay window")


def test_a_stale_delivery_with_a_wrong_signature_is_refused_for_the_signature() -> None:
    headers = mlflow_headers(secret="wrong", timestamp="1000")
    assert refusal(headers) == (403, "signature does not match")


def test_seen_deliveries_expire_and_stay_bounded() -> None:
    seen = SeenDeliveries(window=300, capacity=3)
    seen.add("a", now=0.0)
    assert seen.seen("a", now=599.0)
    assert not seen.seen("a", now=600.0)  # 2 x window: a timestamp may lie 300 s in the future
    for n, key in enumerate("bcde"):
        seen.add(key, now=1000.0 + n)
    assert len(seen) == 3 and not seen.seen("b", now=1004.0) and seen.seen("e", now=1004.0)
