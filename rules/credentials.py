"""UVA701: credentials written into the logged files."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
from auditor.rule import rule

_WHERE = {
    t.LOCK: "declare the source without credentials and run `uv lock`: uv keeps the userinfo of direct URL and "
    "git sources in uv.lock",
    t.PYPROJECT: "declare the index or source without credentials",
    t.REQUIREMENTS: "or write `${VAR}` placeholders, which pip and uv expand at install time",
    t.CONDA: "or write `${VAR}` placeholders, which pip expands at install time",
    t.MLMODEL: "log with a tracking URI that holds no credentials",
}
_PROVIDERS = (
    "Let the tools read it at install time: uv from `UV_INDEX_<NAME>_USERNAME` / `UV_INDEX_<NAME>_PASSWORD` or "
    "`keyring` (`--keyring-provider subprocess`), git from its credential helper, MLflow from "
    "`MLFLOW_TRACKING_TOKEN` or `MLFLOW_TRACKING_USERNAME` / `MLFLOW_TRACKING_PASSWORD`."
)


def _artifact(target: t.Target, file: str) -> str:
    for artifact in t.ARTIFACTS:
        if target.file(artifact) == file:
            return artifact
    return posixpath.basename(file.replace("\\", "/"))  # a workspace member's pyproject.toml


@rule("UVA701", "credential-in-artifact", Severity.ERROR)
def credential_in_artifact(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A logged file holds a password, token or key.

    Why: MLflow stores every logged file on the tracking server, shows requirements.txt and
    conda.yaml in its UI, and copies them with every download of the model; CI keeps reports as
    artifacts. A credential in one of these files is readable by everyone who can read the model,
    for as long as the model exists. It happens without anyone typing it there: uv keeps the
    userinfo of direct URL and git sources in uv.lock, MLflow copies private index URLs from
    uv.lock into requirements.txt as `--extra-index-url` lines, and `--index-url
    https://user:password@...` ends up in conda.yaml's pip options.

    Fires when: a file of the artifact set (parsed or not; also a workspace member's
    pyproject.toml) holds userinfo in a URL (`https://user:password@host`, `--index-url`,
    `--extra-index-url`, `-f` values, `git+https://TOKEN@github.com/...`, `[[tool.uv.index]]`,
    uv.lock sources, conda channels, MLmodel) or a well-known token shape anywhere (GitHub
    `ghp_`/`gho_`/`ghs_`/`ghu_`/`ghr_`/`github_pat_`, GitLab `glpat-`, PyPI `pypi-`, Hugging Face
    `hf_`, Databricks `dapi`, AWS access key ids and the secret next to one, `Authorization:`
    headers, `Bearer` tokens, JSON web tokens, a conda channel's `/t/<token>/`, presigned URL
    signatures); one finding per file and line. Not secrets: `git@` without a password
    (`ssh://git@github.com/...`, `git@github.com:org/repo.git`), userinfo that is only `${VAR}`,
    `$VAR` or `%VAR%` placeholders, and a lone username that does not look like a token
    (`https://oauth2accesstoken@...` is a keyring username; a token-like one, 20+ letters and
    digits, is reported). The username of a `user:password` pair is shown, as uv and pip show it;
    everything else of a credential is replaced by `***` in every output of every rule.

    Fix: remove the credential (then log the model again) and rotate it: it is stored in every
    copy of the model. Let the tools read it at install time instead: uv from
    `UV_INDEX_<NAME>_USERNAME` / `UV_INDEX_<NAME>_PASSWORD`, `keyring` or `.netrc`, git from its
    credential helper, MLflow from `MLFLOW_TRACKING_TOKEN` or `MLFLOW_TRACKING_USERNAME` /
    `MLFLOW_TRACKING_PASSWORD`.

    Failing example:

        --- MLmodel
        flavors: {}
        --- requirements.txt
        --extra-index-url https://ci-bot:not-a-real-password@pypi.example.com/simple
        six==1.16.0

    Passing example:

        --- MLmodel
        flavors: {}
        --- requirements.txt
        --extra-index-url https://${PYPI_USERNAME}:${PYPI_PASSWORD}@pypi.example.com/simple
        demo @ git+ssh://git@github.com/example/demo.git@v1.0
        six==1.16.0
    """
    lines: dict[tuple[str, int], list[t.Secret]] = {}
    for secret in target.secrets:
        lines.setdefault((secret.file, secret.line), []).append(secret)
    for (file, line), found in lines.items():
        kinds = list(dict.fromkeys(s.kind for s in found))
        what = ", ".join(kinds[:-1]) + (" and " if len(kinds) > 1 else "") + kinds[-1]
        artifact = _artifact(target, file)
        yield credential_in_artifact.finding(
            target,
            None,
            f"{artifact} holds a credential ({what}), stored with every copy of the model: `{found[0].shown}`",
            file=file,
            line=line,
            expected="no credential",
            actual=found[0].shown,
            fix=(
                f"Rotate the secret: every copy of the model holds it. Remove it from {artifact} "
                f"({_WHERE.get(artifact, 'write it without credentials')}) and log the model again. {_PROVIDERS}"
            ),
        )


RULES = (credential_in_artifact,)
