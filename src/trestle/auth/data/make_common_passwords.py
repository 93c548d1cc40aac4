"""Rebuild ``common-passwords.txt.gz``: the 5,000 most common passwords, one per line.

The source is the list Django ships (``django/contrib/auth/common-passwords.txt.gz``, under
Django's BSD-3-Clause licence; Django's list was compiled by Royce Williams from public
breach corpora, most common first). We keep the first 5,000 entries, lower-cased,
deduplicated, in their order, gzipped without a timestamp so the output is reproducible.
See NOTICE.md beside this file. Run with Django installed (it is in Trestle's bench extra)::

    .venv/bin/python src/trestle/auth/data/make_common_passwords.py
"""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

COUNT = 5000
TARGET = Path(__file__).with_name("common-passwords.txt.gz")


def source_path() -> Path:
    """Where the installed Django keeps its list."""
    spec = importlib.util.find_spec("django")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("Django is not installed: pip install 'trestle[bench]'")
    return (
        Path(next(iter(spec.submodule_search_locations))) / "contrib/auth/common-passwords.txt.gz"
    )


def build() -> bytes:
    """The gzipped list, as it is shipped."""
    seen: dict[str, None] = {}
    with gzip.open(source_path(), "rt", encoding="utf-8") as source:
        for line in source:
            word = line.strip().lower()
            if word and word not in seen:
                seen[word] = None
                if len(seen) == COUNT:
                    break
    text = "".join(f"{word}\n" for word in seen).encode("utf-8")
    return gzip.compress(text, compresslevel=9, mtime=0)


if __name__ == "__main__":
    TARGET.write_bytes(build())
    print(f"wrote {TARGET} ({COUNT} passwords)")
