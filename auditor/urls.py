"""`urllib.parse.urlsplit` for URLs from audited files: one it refuses (an unbalanced `[` in the
host, which it reads as an IPv6 literal) is kept whole as the path instead of raising."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit


def split(url: str) -> SplitResult:
    try:
        return urlsplit(url)
    except ValueError:
        return SplitResult("", "", url, "", "")
