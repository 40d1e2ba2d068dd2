"""What MLmodel's python_function flavor loads, from MLmodel and the model directory's listing.

Its pickles (``python_model``, MLflow's ``python_model.pkl``, compressed as ``python_model_compression``
says when ``MLFLOW_LOG_MODEL_COMPRESSION`` was set; ``*.pkl`` / ``*.pickle`` files under ``data``,
``model_path`` and ``artifacts``), its ``loader_module`` (imported by ``mlflow.pyfunc.load_model``),
and the top-level modules its ``code`` directory provides (MLflow prepends that directory to
``sys.path`` before loading: mlflow/utils/model_utils.py ``_add_code_from_conf_to_system_path``).
Pure: nothing is read; paths that leave the model directory are reported, never followed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from posixpath import normpath
from typing import Any

from auditor.errors import ArtifactError
from auditor.frozen import frozen

COMPRESSIONS = ("gzip", "lzma", "bzip2")  # MLflow's _COMPRESSION_INFO (MLFLOW_LOG_MODEL_COMPRESSION)
PICKLE_SUFFIXES = (".pkl", ".pickle")
_MODULE_SUFFIXES = (".py", ".pyc", ".so", ".pyd")


@frozen
class PickleFile:
    path: str  # relative to the model directory, POSIX
    role: str  # "python_model", "data", "model_path" or "artifact:<name>"
    compression: str | None  # "gzip", "lzma" or "bzip2" (python_model only)


@frozen
class PyfuncCode:
    loader_module: str | None
    pickles: tuple[PickleFile, ...]  # present in the listing, in MLmodel's order
    code_dir: str | None  # MLmodel's `code`: put on sys.path when the model loads
    code_modules: tuple[str, ...]  # top-level modules importable from code_dir
    missing: tuple[str, ...]  # paths MLmodel names that the listing lacks or that leave the directory


def pyfunc_code(mlmodel: Mapping[str, Any], files: Iterable[str]) -> PyfuncCode | None:
    """What the python_function flavor of a parsed MLmodel loads, given the model directory's
    files (relative POSIX paths); None when there is no python_function flavor."""
    flavors = mlmodel.get("flavors")
    conf = flavors.get("python_function") if isinstance(flavors, Mapping) else None
    if not isinstance(conf, Mapping):
        return None
    listing = {normpath(f) for f in files}
    pickles: list[PickleFile] = []
    missing: list[str] = []

    def add(value: object, role: str, compression: str | None = None) -> None:
        rel = _inside(value)
        below = sorted(f for f in listing if rel and f.startswith(rel + "/"))
        if rel is None or (rel not in listing and not below):
            missing.append(rel or str(value))
        elif rel in listing:
            if role == "python_model" or rel.endswith(PICKLE_SUFFIXES):
                pickles.append(PickleFile(rel, role, compression))
        else:
            pickles.extend(PickleFile(f, role, None) for f in below if f.endswith(PICKLE_SUFFIXES))

    if conf.get("python_model") is not None:
        compression = conf.get("python_model_compression")  # CONFIG_KEY_COMPRESSION
        add(conf["python_model"], "python_model", compression if compression in COMPRESSIONS else None)
    for key in ("data", "model_path"):
        if isinstance(conf.get(key), str):
            add(conf[key], key)
    artifacts = conf.get("artifacts")
    for name, info in artifacts.items() if isinstance(artifacts, Mapping) else ():
        if isinstance(info, Mapping) and isinstance(info.get("path"), str):
            add(info["path"], f"artifact:{name}")
    code = _inside(conf.get("code"))
    below = (f[len(code) + 1 :] for f in listing if code and f.startswith(code + "/"))
    modules = tuple(sorted({_module_name(rel) for rel in below} - {""}))
    loader = conf.get("loader_module")
    return PyfuncCode(loader if isinstance(loader, str) else None, tuple(pickles), code, modules, tuple(missing))


def _inside(value: object) -> str | None:
    """A relative path that stays inside the model directory, normalised; else None."""
    if not isinstance(value, str) or not value or value.startswith(("/", "\\")) or "\x00" in value:
        return None
    rel = normpath(value.replace("\\", "/"))
    return None if rel in (".", "..") or rel.startswith("../") else rel


def _module_name(rel: str) -> str:
    """The top-level import name a file under code/ provides ("" for none)."""
    head, sep, _ = rel.partition("/")
    name = head if sep else head.split(".", 1)[0]
    return name if name.isidentifier() and rel.endswith(_MODULE_SUFFIXES) else ""


def decompress(data: bytes, compression: str | None, limit: int) -> bytes:
    """`data` uncompressed as MLmodel's `python_model_compression` says, refusing more than `limit` bytes."""
    import bz2
    import lzma
    import zlib

    if compression is None:
        return data
    makers: dict[str, Callable[[], Any]] = {"gzip": lambda: zlib.decompressobj(wbits=31),
                                           "lzma": lzma.LZMADecompressor, "bzip2": bz2.BZ2Decompressor}  # fmt: skip
    if compression not in makers:
        raise ArtifactError(f"unknown python_model compression {compression!r}")
    try:
        out: bytes = makers[compression]().decompress(data, limit + 1)
    except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError) as exc:
        raise ArtifactError(f"cannot decompress ({compression}): {exc}") from None
    if len(out) > limit:
        raise ArtifactError(f"decompresses to more than {limit} bytes; not read")
    return out
