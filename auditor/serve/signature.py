"""Verify an MLflow webhook delivery exactly as MLflow signs it (`mlflow/webhooks/delivery.py`,
3.17.2: `_generate_hmac_signature`, `_send_webhook_request`).

MLflow sends `X-MLflow-Delivery-Id` (a uuid4), `X-MLflow-Timestamp` (Unix seconds) and, when the
webhook has a secret, `X-MLflow-Signature: v1,<base64 HMAC-SHA256>` over
`<delivery id>.<timestamp>.<body>`, keyed by the secret's UTF-8 bytes; the body is the UTF-8 JSON
that was signed. A retry (urllib3, on 429/5xx) resends the very same request, headers included.

`verify` is pure: the signature is compared in constant time (`hmac.compare_digest`) before the
timestamp is trusted, and before the body is parsed by anyone. `SeenDeliveries` refuses a delivery
id that was already accepted within the replay window.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import time
from collections import OrderedDict
from collections.abc import Mapping

from auditor.frozen import frozen

SIGNATURE_HEADER = "x-mlflow-signature"
TIMESTAMP_HEADER = "x-mlflow-timestamp"
DELIVERY_ID_HEADER = "x-mlflow-delivery-id"
SIGNATURE_VERSION = "v1"
_DELIVERY_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


class Refused(Exception):
    """A delivery that is not MLflow's: 401 (no usable signature) or 403 (a wrong, stale or replayed one)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@frozen
class Signed:
    delivery_id: str
    timestamp: int


def sign(secret: bytes, delivery_id: str, timestamp: str, body: bytes) -> str:
    """The `X-MLflow-Signature` value MLflow would send (`v1,<base64>`)."""
    digest = hmac.new(secret, b".".join((delivery_id.encode(), timestamp.encode(), body)), hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode('ascii')}"


def _candidates(header: str) -> list[bytes]:
    """The decoded v1 signatures of a header (Standard Webhooks allows several, space-separated)."""
    out = []
    for entry in header.split():
        version, sep, value = entry.partition(",")
        if sep and version == SIGNATURE_VERSION:
            try:
                out.append(base64.b64decode(value, validate=True))
            except (binascii.Error, ValueError):
                continue
    return out


def verify(headers: Mapping[str, str], body: bytes, secret: bytes, now: float, window: int) -> Signed:
    """The delivery's id and timestamp when it carries MLflow's signature by `secret` and its
    timestamp lies within `window` seconds of `now`; else raise Refused."""
    lowered = {k.lower(): v for k, v in headers.items()}
    signature = lowered.get(SIGNATURE_HEADER, "").strip()
    delivery_id = lowered.get(DELIVERY_ID_HEADER, "").strip()
    timestamp = lowered.get(TIMESTAMP_HEADER, "").strip()
    if not signature:
        raise Refused(401, f"unsigned delivery (no {SIGNATURE_HEADER} header)")
    if not _DELIVERY_ID.fullmatch(delivery_id) or not _TIMESTAMP.fullmatch(timestamp):
        raise Refused(401, f"missing or malformed {DELIVERY_ID_HEADER} or {TIMESTAMP_HEADER} header")
    candidates = _candidates(signature)
    if not candidates:
        raise Refused(401, f"no {SIGNATURE_VERSION} signature in {SIGNATURE_HEADER}")
    expected = base64.b64decode(sign(secret, delivery_id, timestamp, body).partition(",")[2])
    matched = False
    for candidate in candidates:  # every candidate is compared: the time taken does not tell which matched
        matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise Refused(403, "signature does not match")
    if abs(now - int(timestamp)) > window:
        raise Refused(403, f"timestamp outside the {window} s replay window")
    return Signed(delivery_id, int(timestamp))


class SeenDeliveries:
    """Delivery ids accepted within the last 2 x window seconds (a timestamp may lie `window` in the
    future), at most `capacity` of them (the oldest forgotten first). Not thread-safe: the app uses
    it from its event loop only."""

    def __init__(self, window: int, capacity: int = 100_000) -> None:
        self.ttl = 2.0 * window
        self.capacity = capacity
        self._seen: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    def seen(self, delivery_id: str, now: float | None = None) -> bool:
        self._expire(time.monotonic() if now is None else now)
        return delivery_id in self._seen

    def add(self, delivery_id: str, now: float | None = None) -> None:
        moment = time.monotonic() if now is None else now
        self._expire(moment)
        self._seen[delivery_id] = moment + self.ttl
        while len(self._seen) > self.capacity:
            self._seen.popitem(last=False)

    def _expire(self, now: float) -> None:
        while self._seen:
            oldest, expiry = next(iter(self._seen.items()))
            if expiry > now:
                return
            del self._seen[oldest]
