"""Pickles a model loads and the modules they import, read statically (never unpickled).

``scan_pickle(data)`` lists a pickle's module references (``auditor.pickles.scan``);
``pyfunc_code(mlmodel, files)`` says which pickles, loader module and code directory MLmodel's
python_function flavor uses (``auditor.pickles.pyfunc``); ``decompress`` undoes MLflow's
``compression`` of python_model within a size limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor.pickles.pyfunc import COMPRESSIONS, PICKLE_SUFFIXES, PickleFile, PyfuncCode, decompress, pyfunc_code

if TYPE_CHECKING:
    from auditor.pickles.scan import ByValue, ModuleRef, PickleRefs, scan_pickle

_SCAN = ("ByValue", "ModuleRef", "PickleRefs", "scan_pickle")


def __getattr__(name: str) -> Any:
    """The scanner's names, imported on first use (pickletools costs a run without pickles ~8 ms)."""
    if name in _SCAN:
        from auditor.pickles import scan

        return getattr(scan, name)
    raise AttributeError(f"module 'auditor.pickles' has no attribute {name!r}")


__all__ = [
    "COMPRESSIONS",
    "PICKLE_SUFFIXES",
    "ByValue",
    "ModuleRef",
    "PickleFile",
    "PickleRefs",
    "PyfuncCode",
    "decompress",
    "pyfunc_code",
    "scan_pickle",
]
