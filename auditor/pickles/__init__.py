"""Pickles a model loads and the modules they import, read statically (never unpickled).

``scan_pickle(data)`` lists a pickle's module references (``auditor.pickles.scan``);
``pyfunc_code(mlmodel, files)`` says which pickles, loader module and code directory MLmodel's
python_function flavor uses (``auditor.pickles.pyfunc``); ``decompress`` undoes MLflow's
``compression`` of python_model within a size limit.
"""

from __future__ import annotations

from auditor.pickles.pyfunc import COMPRESSIONS, PICKLE_SUFFIXES, PickleFile, PyfuncCode, decompress, pyfunc_code
from auditor.pickles.scan import ByValue, ModuleRef, PickleRefs, scan_pickle

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
