"""The lock model's classes (`auditor.frozen`: a big lock builds thousands of artifacts) take their
fields as `dataclass` would and are frozen values."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from auditor.lockmodel import Artifact


@pytest.mark.parametrize("cls", [Artifact])
def test_the_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = [f for f in dataclasses.fields(cls) if f.init]
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params)


def test_an_artifact_is_a_frozen_value() -> None:
    a = Artifact("https://x/a-1.0.tar.gz", None, "a-1.0.tar.gz", "sha256:00", 3)
    assert a == Artifact(url="https://x/a-1.0.tar.gz", path=None, filename="a-1.0.tar.gz", hash="sha256:00", size=3)
    assert hash(a) == hash(dataclasses.replace(a))
    assert dataclasses.replace(a, size=4).size == 4 and a.upload_time is None
    assert dataclasses.astuple(a) == ("https://x/a-1.0.tar.gz", None, "a-1.0.tar.gz", "sha256:00", 3, None)
    assert repr(a).startswith("Artifact(url='https://x/a-1.0.tar.gz', path=None")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.size = 5  # type: ignore[misc]
