"""The pieces of a fix: ignore comments that survive it, in-place YAML edits of hand-edited files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.fix.yamledit import FixError, rewrite_conda, rewrite_python_env
from tests.fix.util import PAIR, copy, fix, rules_found


def test_ignore_comments_follow_their_package_and_are_dropped_with_it(tmp_path: Path) -> None:
    model = copy(PAIR / "train", tmp_path / "model")
    lines = (model / "requirements.txt").read_text().split("\n")
    commented = [
        f"{line}   # uv-audit: ignore[UVA601]" if line.startswith(("mlflow==", "six==")) else line for line in lines
    ]
    (model / "requirements.txt").write_text("\n".join(commented))
    result = fix(str(model))
    fixed = (model / "requirements.txt").read_text().split("\n")
    wanted = (PAIR / "none" / "requirements.txt").read_text().split("\n")
    assert fixed == [f"{w}  # uv-audit: ignore[UVA601]" if w.startswith("mlflow==") else w for w in wanted]
    assert (model / "conda.yaml").read_bytes() == (PAIR / "none" / "conda.yaml").read_bytes()  # no comments there
    assert "dropped `# uv-audit: ignore[UVA601]` of six (line" in result.stderr
    assert rules_found(model) == {"UVA601"}  # the cloudpickle one; mlflow's stays ignored
    again = fix(str(model), "--diff")
    assert again.exit_code == 0 and again.stdout == ""


def test_a_broken_requirements_file_is_rewritten(tmp_path: Path) -> None:
    model = copy(PAIR / "serve", tmp_path / "model")
    (model / "requirements.txt").write_text("this is ( not a requirement\n")
    fix(str(model), "--extra", "serve")
    assert (model / "requirements.txt").read_bytes() == (PAIR / "serve" / "requirements.txt").read_bytes()


HAND_EDITED = """\
# edited by hand after logging
name: mlflow-env
dependencies:
    - python=3.11.7   # the training image
    - pip<=23.2.1
    - pip:
        - old==1.0
        # a note about old
        - other==2.0
    # after the list
channels: [conda-forge]
"""


def test_a_hand_edited_conda_yaml_keeps_everything_but_the_entries() -> None:
    marker = 'pycparser==3.12; implementation_name != "PyPy" and platform_python_implementation != "PyPy"'
    out = rewrite_conda(HAND_EDITED, "3.12.4", ["new==3.0", marker])
    assert yaml.safe_load(out) == {
        "name": "mlflow-env",
        "dependencies": ["python=3.12.4", "pip<=23.2.1", {"pip": ["new==3.0", marker]}],
        "channels": ["conda-forge"],
    }
    kept = ["# edited by hand after logging", "    - python=3.12.4   # the training image", "    # after the list"]
    assert all(line in out.split("\n") for line in kept)
    assert out.endswith("channels: [conda-forge]\n") and "old==1.0" not in out and "a note about old" not in out
    assert rewrite_conda(out, "3.12.4", ["new==3.0", marker]) == out


def test_python_entries_are_quoted_as_pyyaml_quotes_them() -> None:
    text = (PAIR / "none" / "python_env.yaml").read_text()
    out = rewrite_python_env(text, "3.10")
    assert out.split("\n")[0] == "python: '3.10'" and out.split("\n")[1:] == text.split("\n")[1:]
    assert yaml.safe_load(out)["python"] == "3.10"
    assert rewrite_python_env(out, "3.10") == out


@pytest.mark.parametrize(
    "text",
    [
        "dependencies:\n- python=3.11.7\n- pip: []\n",
        "dependencies:\n- python=3.11.7\n",
        "- not a mapping\n",
        "name: x\n",
        # found by fuzzing fix: the composed nodes (first key) and the loaded data (last key) disagree
        "dependencies:\n- python=3.11.7\n- pip:\n  - a==0\ndependencies: []\n",
        "dependencies:\n- python=3.11.7\n- pip:\n  - a==0\ndependencies: text\n",
        "dependencies:\n- python=3.11.7\n- pip:\n  - a==0\ndependencies:\n- python=3.11.7\n- other\n",
    ],
)
def test_a_conda_yaml_it_cannot_edit_in_place_is_refused(text: str) -> None:
    with pytest.raises(FixError):
        rewrite_conda(text, "3.11.7", ["a==1"])


def test_a_conda_yaml_nested_too_deeply_to_rewrite_is_refused_not_a_traceback(tmp_path: Path) -> None:
    # found by fuzzing fix: PyYAML's composer, deepcopy and dumper recurse per level (RecursionError)
    model = copy(PAIR / "train", tmp_path / "m")
    conda = model / "conda.yaml"
    conda.write_text(conda.read_text() + "extra: " + "[" * 400 + "1" + "]" * 400 + "\n")
    result = fix("--diff", str(model))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1 and "nested too deeply to rewrite" in result.output
