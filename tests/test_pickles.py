"""auditor.pickles: module references read from pickle opcodes, never unpickled.

Pickles come from real MLflow 3.17.2 (tests/fixtures/restore/, scripts/gen_restore_fixtures.py),
from real cloudpickle and pickle at test time, and hand-built opcode streams for protocols 0-5.
"""

from __future__ import annotations

import bz2
import contextlib
import enum
import gzip
import json
import lzma
import os
import pickle
import sys
import time
import types
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.errors import ArtifactError
from auditor.pickles import decompress, pyfunc_code, scan_pickle

RESTORE = Path(__file__).resolve().parent / "fixtures" / "restore"
FIXTURES = RESTORE.parent
OUTCOMES = json.loads((RESTORE / "outcomes.json").read_text())["fixtures"]


def listing(model_dir: Path) -> list[str]:
    return [p.relative_to(model_dir).as_posix() for p in model_dir.rglob("*") if p.is_file()]


# --------------------------------------------------------------------------- real MLflow models


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_real_mlflow_pickles(name: str) -> None:
    """python_model.pkl of each fixture references the model class's module exactly when MLflow
    pickled it by reference; by value, the module is recorded as data only."""
    fixture = OUTCOMES[name]
    refs = scan_pickle((RESTORE / name / "python_model.pkl").read_bytes())
    module = fixture["model_class"].rsplit(".", 1)[0]
    top = module.split(".")[0]
    assert refs.protocol == 5  # cloudpickle's default: pickle.DEFAULT_PROTOCOL on 3.11
    assert refs.unresolved == ()
    if fixture["pickled"] == "by reference":
        assert [r.module for r in refs.imports(top)] == [module]
        assert refs.by_value == ()
    else:
        assert refs.imports(top) == ()
        classes = [b for b in refs.by_value if b.kind == "class"]
        assert [(b.name, b.module) for b in classes] == [(fixture["model_class"].rsplit(".", 1)[1], module)]
        assert "cloudpickle.cloudpickle" in refs.modules  # loading needs cloudpickle itself
        assert "mlflow.pyfunc.model" in refs.modules  # the base class, by reference


def test_load_failures_match_the_scanned_references() -> None:
    """Every real load failure in the restore outcomes names a module the pickle references."""
    seen = 0
    for name, fixture in OUTCOMES.items():
        refs = scan_pickle((RESTORE / name / "python_model.pkl").read_bytes())
        for outcome in fixture["outcomes"].values():
            missing = (outcome["load"] or {}).get("missing_module")
            if missing:
                seen += 1
                assert refs.imports(missing), (name, missing)
    assert seen >= 2


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_pyfunc_code_of_real_models(name: str) -> None:
    model = RESTORE / name
    code = pyfunc_code(yaml.safe_load((model / "MLmodel").read_text()), listing(model))
    assert code is not None
    assert code.loader_module == "mlflow.pyfunc.model"
    assert [(p.path, p.role, p.compression) for p in code.pickles] == [("python_model.pkl", "python_model", None)]
    expected = sorted(Path(p).stem if p.endswith(".py") else Path(p).name for p in OUTCOMES[name]["code_paths"] or [])
    assert list(code.code_modules) == expected
    assert code.code_dir == ("code" if expected else None)
    assert code.missing == ()


def test_pyfunc_code_of_an_sklearn_model() -> None:
    model = FIXTURES / "sklearn-flavor"
    code = pyfunc_code(yaml.safe_load((model / "MLmodel").read_text()), listing(model))
    assert code is not None and code.loader_module == "mlflow.sklearn"
    assert code.pickles == ()  # model.skops is not a pickle


def test_pyfunc_code_of_a_saved_compressed_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mlflow = pytest.importorskip("mlflow")
    monkeypatch.setenv("MLFLOW_LOG_MODEL_COMPRESSION", "gzip")
    monkeypatch.setenv("MLFLOW_UV_AUTO_DETECT", "false")
    monkeypatch.chdir(tmp_path)

    class Doubler(mlflow.pyfunc.PythonModel):  # defined here, so cloudpickle pickles it by value
        def predict(self, context, model_input, params=None):  # type: ignore[no-untyped-def]
            return model_input * 2

    mlflow.pyfunc.save_model(tmp_path / "m", python_model=Doubler(), pip_requirements=["cloudpickle"])
    conf = yaml.safe_load((tmp_path / "m" / "MLmodel").read_text())
    code = pyfunc_code(conf, listing(tmp_path / "m"))
    assert code is not None
    [pkl] = code.pickles
    assert (pkl.path, pkl.compression) == ("python_model.pkl.gz", "gzip")
    refs = scan_pickle(decompress((tmp_path / "m" / pkl.path).read_bytes(), pkl.compression, 10_000_000))
    assert [b.name for b in refs.by_value if b.kind == "class"] == ["Doubler"]
    assert "tests" not in {m.split(".")[0] for m in refs.modules}


def test_pyfunc_code_of_hand_written_mlmodels() -> None:
    conf = {
        "flavors": {
            "python_function": {
                "loader_module": "my_pkg.loader",
                "data": "data",
                "model_path": "model.pkl",
                "code": "code",
                "artifacts": {"enc": {"path": "artifacts/enc.pickle"}, "txt": {"path": "artifacts/a.txt"}},
                "python_model": "../../etc/passwd",
            }
        }
    }
    files = ["data/a.pkl", "data/readme.md", "model.pkl", "code/my_pkg/loader.py", "code/util.py",
             "code/notes.txt", "code/9bad.py", "artifacts/enc.pickle", "artifacts/a.txt"]  # fmt: skip
    code = pyfunc_code(conf, files)
    assert code is not None
    assert code.loader_module == "my_pkg.loader"
    assert [(p.path, p.role) for p in code.pickles] == [
        ("data/a.pkl", "data"), ("model.pkl", "model_path"), ("artifacts/enc.pickle", "artifact:enc")
    ]  # fmt: skip
    assert code.code_modules == ("my_pkg", "util")
    assert code.missing == ("../../etc/passwd",)
    assert pyfunc_code({"flavors": {"sklearn": {}}}, []) is None
    assert pyfunc_code({"flavors": "junk"}, []) is None
    gone = pyfunc_code({"flavors": {"python_function": {"python_model": "python_model.pkl", "code": "/abs"}}}, [])
    assert gone is not None and gone.missing == ("python_model.pkl",) and gone.code_dir is None


@pytest.mark.parametrize(
    "compression,compress", [("gzip", gzip.compress), ("lzma", lzma.compress), ("bzip2", bz2.compress)]
)
def test_decompress(compression: str, compress: object) -> None:
    data = pickle.dumps(enum.Enum)
    packed = compress(data)  # type: ignore[operator]
    assert decompress(packed, compression, len(data)) == data
    with pytest.raises(ArtifactError, match="more than"):
        decompress(packed, compression, len(data) - 1)
    with pytest.raises(ArtifactError):
        decompress(b"not compressed at all", compression, 100)
    with pytest.raises(ArtifactError, match="unknown"):
        decompress(packed, "zstd", 100)


# --------------------------------------------------------------------------- real pickle/cloudpickle


@pytest.mark.parametrize("protocol", range(6))
def test_stdlib_pickles_every_protocol(protocol: int) -> None:
    import collections
    import decimal
    import fractions

    obj = [collections.OrderedDict(a=1), decimal.Decimal("1.5"), fractions.Fraction(1, 3), os.path.join, "x"]
    refs = scan_pickle(pickle.dumps(obj, protocol=protocol))
    assert {"collections", "decimal", "fractions", "posixpath"} <= set(refs.modules)
    assert refs.protocol == protocol
    via = {r.via for r in refs.refs}
    assert via == ({"STACK_GLOBAL"} if protocol >= 4 else {"GLOBAL"})


def _by_value_module() -> types.ModuleType:
    mod = types.ModuleType("uv_audit_byvalue_mod")
    exec(
        "import json\n"
        "import enum\n"
        "class Model:\n    def predict(self, x):\n        return json.dumps(x)\n"
        "class Colour(enum.Enum):\n    RED = 1\n"
        "def helper(x):\n    return json.loads(x)\n",
        mod.__dict__,
    )
    return mod


def test_cloudpickle_by_value_class_function_enum_and_subimport(monkeypatch: pytest.MonkeyPatch) -> None:
    cloudpickle = pytest.importorskip("cloudpickle")  # installed with the mlflow extra
    mod = _by_value_module()
    monkeypatch.setitem(sys.modules, mod.__name__, mod)
    cloudpickle.register_pickle_by_value(mod)
    try:
        data = cloudpickle.dumps([mod.Model(), mod.Colour.RED, mod.helper])
    finally:
        cloudpickle.unregister_pickle_by_value(mod)
    refs = scan_pickle(data)
    assert refs.imports("uv_audit_byvalue_mod") == ()
    kinds = {(b.kind, b.name, b.module) for b in refs.by_value}
    assert ("class", "Model", "uv_audit_byvalue_mod") in kinds
    assert ("enum", "Colour", "uv_audit_byvalue_mod") in kinds
    assert ("function", "helper", "uv_audit_byvalue_mod") in kinds
    json_ref = [r for r in refs.refs if r.module == "json"]
    assert json_ref and json_ref[0].via == "subimport"  # the function's global `json`, imported at load


def test_cloudpickle_by_reference_and_dynamic_module(monkeypatch: pytest.MonkeyPatch) -> None:
    cloudpickle = pytest.importorskip("cloudpickle")
    mod = _by_value_module()
    monkeypatch.setitem(sys.modules, mod.__name__, mod)
    refs = scan_pickle(cloudpickle.dumps(mod.Model()))
    assert [r.module for r in refs.imports("uv_audit_byvalue_mod")] == ["uv_audit_byvalue_mod"]
    dyn = types.ModuleType("uv_audit_dynamic")  # not in sys.modules: pickled by value
    dyn.x = 1  # type: ignore[attr-defined]
    refs = scan_pickle(cloudpickle.dumps(dyn))
    assert [(b.kind, b.name) for b in refs.by_value] == [("module", "uv_audit_dynamic")]
    assert refs.imports("uv_audit_dynamic") == ()


# --------------------------------------------------------------------------- hand-built streams


def test_never_unpickles(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    evil = f"cos\nsystem\n(S'touch {marker}'\ntR.".encode()
    refs = scan_pickle(evil)
    assert [(r.module, r.name, r.via) for r in refs.refs] == [("os", "system", "GLOBAL")]
    assert not marker.exists()


def test_inst_and_python2_names() -> None:
    refs = scan_pickle(b"(icollections\nOrderedDict\n(dp0\nb.")
    assert [(r.module, r.name, r.via) for r in refs.refs] == [("collections", "OrderedDict", "INST")]
    assert [(r.module, r.name) for r in scan_pickle(b"c__builtin__\nset\n)R.").refs] == [("builtins", "set")]
    # protocol 3 declared: no Python 2 mapping, as the unpickler does
    assert scan_pickle(b"\x80\x03c__builtin__\nset\nq\x00.").modules == ("__builtin__",)


def test_stack_global_operands_from_the_memo() -> None:
    stream = (b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00"  # PROTO 4, FRAME
              b"\x8c\x02os\x94\x8c\x06system\x94" b"00"  # two strings memoized, popped
              b"h\x00h\x01\x93" b"\x94)R.")  # BINGET 0, BINGET 1, STACK_GLOBAL, EMPTY_TUPLE, REDUCE  # fmt: skip
    refs = scan_pickle(stream)
    assert [(r.module, r.name, r.via) for r in refs.refs] == [("os", "system", "STACK_GLOBAL")]


def test_computed_stack_global_is_unresolved() -> None:
    # STACK_GLOBAL's module is the result of a call: not known without running it
    stream = b"\x80\x04cbuiltins\nstr\n\x8c\x02os\x85R\x8c\x06system\x93."
    refs = scan_pickle(stream)
    assert [r.module for r in refs.refs] == ["builtins"]
    assert len(refs.unresolved) == 1
    ext = scan_pickle(b"\x80\x02\x82\x01.")  # EXT1: copyreg's registry
    assert ext.refs == () and len(ext.unresolved) == 1


def test_protocol_5_buffers() -> None:
    in_band = scan_pickle(pickle.dumps(pickle.PickleBuffer(bytearray(b"abc")), protocol=5))  # BYTEARRAY8
    assert (in_band.protocol, in_band.refs) == (5, ())
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps([pickle.PickleBuffer(b"abc"), enum.Enum], protocol=5, buffer_callback=buffers.append)
    assert b"\x97" in data and b"\x98" in data  # NEXT_BUFFER, READONLY_BUFFER
    assert scan_pickle(data).modules == ("enum",)


@pytest.mark.parametrize(
    "data",
    [b"", b".", b"N", b"\x80\x09N.", b"\x80\x04h\x05.", b"\x80\x04\x93.", b"\x80\x04\x8c\x02os\x93.", b"t.", b"\xff.",
     b"\x80\x04\x8d\xff\xff\xff\xff\xff\xff\xff\x7fabc.", b"Lzz\n.", b"0N.", b"(0."],
)  # fmt: skip
def test_broken_pickles_are_artifact_errors(data: bytes) -> None:
    with pytest.raises(ArtifactError):
        scan_pickle(data)


def test_real_pickle_truncated_anywhere_is_an_artifact_error() -> None:
    data = (RESTORE / "model-in-package-by-value" / "python_model.pkl").read_bytes()
    for cut in range(0, len(data) - 1, 7):
        with pytest.raises(ArtifactError):
            scan_pickle(data[:cut])


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data: bytes) -> None:
    with contextlib.suppress(ArtifactError):
        scan_pickle(data)


_REAL = (RESTORE / "model-in-package-by-value" / "python_model.pkl").read_bytes()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_REAL) - 1), st.integers(0, 255)), max_size=8))
def test_fuzz_mutated_real_pickle(flips: list[tuple[int, int]]) -> None:
    data = bytearray(_REAL)
    for at, byte in flips:
        data[at] = byte
    try:
        refs = scan_pickle(bytes(data))
    except ArtifactError:
        return
    assert all(isinstance(r.module, str) for r in refs.refs)


@pytest.mark.parametrize(
    "unit",
    [b"(", b"N\x94", b"\x8c\x01a\x94", b"]", b"}", b"(N", b"\x88", b"h\x00", b"N2"],
    ids=["marks", "memoize", "strings", "lists", "dicts", "mark+none", "bools", "memo-gets", "dup"],
)
def test_hostile_streams_scan_in_linear_time(unit: bytes) -> None:
    """400 KB of one repeated opcode scans in seconds, and 4x the input costs about 4x the time."""

    def timed(n: int) -> float:
        body = unit * (n // len(unit))
        data = b"\x80\x04" + (b"N\x94" if unit == b"h\x00" else b"N") + body + b"."
        start = time.perf_counter()
        with contextlib.suppress(ArtifactError):
            scan_pickle(data)
        return time.perf_counter() - start

    small, big = timed(100_000), timed(400_000)
    assert big < 10.0
    assert big < 12 * max(small, 0.01)
