"""Trivial pyfunc model used by scripts/gen_fixtures.py.

It is logged with ``code_paths`` so the pickled instance refers to this module by name
and loading the model needs only the logged ``code/`` directory, not the generator.
"""

import mlflow.pyfunc


class EchoModel(mlflow.pyfunc.PythonModel):
    """Returns its input unchanged."""

    def predict(self, context, model_input, params=None):
        return model_input
