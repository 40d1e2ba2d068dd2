"""The persistent result cache (like ruff's): a re-run on unchanged files answers from it.

An entry is keyed by the invocation (the tool's own code, the Python running it, the working
directory, the arguments, the environment variables the audit or its rendering read, whether
stdout is a terminal) and holds what that run wrote (stdout, `-o` files), its exit code, and the
manifest of every input it read: each directory listing (names and kinds), each file's `lstat` and
`stat` signature (inode, size, mtime, ctime), and for a file changed within two seconds of the run
(a write the timestamps may not show) its content digest. A re-run serves the entry only when every
recorded listing and signature is still the same, and the digests of those recently changed files
too. `entry` (the console script) checks this before importing click or the audit.

Never cached: MLflow URIs and selectors (a tracking server is always asked), a run that exits 2,
`--no-cache`, and a cache directory inside an audited PATH. Entries live in `UV_AUDIT_CACHE_DIR`,
else the platform's user cache directory; they are written atomically (a temporary file renamed
over the entry), so concurrent runs never see half an entry; an entry that does not parse, is of
another format or another key is ignored and rewritten.
"""
