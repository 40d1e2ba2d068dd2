"""The command line's MLflow selectors (`experiments`, `registered_models` with `alias`) on Spark:
resolved on the driver, through the same `auditor.remote.resolve.Resolver` the command line uses,
into one URI row per model; the tasks fetch and audit them. Listing a registry is a few paged
searches; the per-model fetching is what the tasks spread.

An experiment or a registry search that fails is an error row (it fails the gate), as the command
line's one line on stderr and exit 1; the notes (a model without the alias, a cut at `max_results`)
go to the driver's log.
"""

from __future__ import annotations

from auditor.errors import UsageError
from auditor.options import Options
from auditor.remote import INSTALL_HINT, mlflow_available
from auditor.spark.schema import ERROR, URI


def selector_rows(options: Options) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(kind, path, display) rows for the options' selectors, and the notes; UsageError without the
    MLflow client or a tracking URI."""
    if not options.selects_remote:
        return [], []
    what = "--experiment" if options.experiments else "--registered-models"
    if not mlflow_available():
        raise UsageError(f"{what} needs the MLflow client: {INSTALL_HINT}")
    if options.tracking_uri is None:
        raise UsageError("no MLflow tracking server: pass --tracking-uri URI or set MLFLOW_TRACKING_URI")
    from auditor.remote.fetch import describe
    from auditor.remote.resolve import Resolver

    resolver = Resolver(options.tracking_uri)
    rows: list[tuple[str, str, str]] = []
    notes: list[str] = []
    for experiment in options.experiments:
        try:
            found, said = resolver.experiment(experiment, options.max_results)
        except Exception as exc:
            rows.append((ERROR, f"experiment {experiment}", describe(exc, options.tracking_uri)))
            continue
        notes += [f"experiment {experiment}: {note}" for note in (said if found else [*said, "no logged models"])]
        rows += [(URI, source.display, source.display) for source in found]
    if options.registered_models:
        try:
            found, said = resolver.registered_models(options.alias, options.max_results)
        except Exception as exc:
            rows.append((ERROR, "registered models", describe(exc, options.tracking_uri)))
        else:
            notes += said
            rows += [(URI, source.display, source.display) for source in found]
    return rows, notes
