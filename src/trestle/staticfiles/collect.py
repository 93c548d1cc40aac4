"""``collectstatic``: copy every static file to STATIC_ROOT, with content-hashed copies, a
manifest and precompressed ``.gz`` / ``.br`` files, ready to be cached for a year.

For each file ``css/site.css`` the root gets ``css/site.css`` (the original name, for code
that does not go through ``static()``) and ``css/site.<hash>.css``, where the hash is the
first 12 hex digits of the SHA-256 of the content. In CSS, ``url(...)`` and ``@import``
references to other static files are rewritten to their hashed names, and a stylesheet's
hash is taken after that rewrite, so a changed image changes the URL of the CSS that uses it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import posixpath
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from trestle.staticfiles.finders import Finder, static_roots
from trestle.staticfiles.manifest import MANIFEST_NAME, write_manifest
from trestle.staticfiles.media_types import COMPRESSIBLE, extension

HASH_LENGTH = 12
#: Files smaller than this are not worth a compressed copy (headers cost more than they save).
MIN_COMPRESS_SIZE = 256
# A compressed copy must save at least this share of the bytes to be kept.
_MIN_SAVING = 0.05

_CSS_URL = re.compile(r"""url\(\s*(?P<quote>['"]?)(?P<url>[^'")]*?)(?P=quote)\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?P<quote>['"])(?P<url>[^'"]*?)(?P=quote)""", re.I)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_EXTERNAL = ("data:", "http:", "https:", "//", "#", "about:", "blob:", "javascript:")


class CollectError(Exception):
    """collectstatic cannot run: no STATIC_ROOT, or one that overlaps the source folders."""


@dataclass
class CollectResult:
    """What a collectstatic run did."""

    root: Path
    #: Source names copied, in order.
    copied: list[str] = field(default_factory=list)
    #: Name → hashed name (the manifest).
    hashed: dict[str, str] = field(default_factory=dict)
    #: Compressed copies written (``.gz`` and ``.br``).
    compressed: list[str] = field(default_factory=list)
    #: Problems that did not stop the run (a CSS reference to a missing file...).
    warnings: list[str] = field(default_factory=list)


def collect_static_for(
    settings: Any, apps: Any = None, *, clear: bool = False, compress: bool = True
) -> CollectResult:
    """Collect the project's static files into STATIC_ROOT (what the command runs)."""
    root = settings.get("STATIC_ROOT")
    if not root:
        raise CollectError(
            "STATIC_ROOT is not set: set it to the folder collectstatic should fill (for "
            "example BASE_DIR / 'staticfiles'), which the production server serves"
        )
    base = Path(settings.get("BASE_DIR") or ".")
    return collect_static(static_roots(settings, apps), base / root, clear=clear, compress=compress)


def collect_static(
    sources: Iterable[str | os.PathLike[str]],
    root: str | os.PathLike[str],
    *,
    clear: bool = False,
    compress: bool = True,
) -> CollectResult:
    """Copy the files of ``sources`` (first folder wins a name) into ``root``; see the module."""
    finder = Finder(list(sources))
    target = Path(os.path.realpath(root))
    _check_no_overlap(target, finder.roots)
    if clear and target.exists():
        _clear(target)
    target.mkdir(parents=True, exist_ok=True)
    result = CollectResult(target)
    files = dict(finder.files())
    contents: dict[str, bytes] = {}

    def content(name: str) -> bytes:
        if name not in contents:
            contents[name] = Path(files[name]).read_bytes()
        return contents[name]

    hashed_content: dict[str, bytes] = {}
    resolving: set[str] = set()

    def hashed_name(name: str) -> str:
        """The hashed name of ``name``, rewriting (and so hashing) stylesheets' references."""
        found = result.hashed.get(name)
        if found is not None:
            return found
        data = content(name)
        if extension(name) == "css":
            resolving.add(name)
            data = _rewrite_css(name, data, files, hashed_name, resolving, result.warnings)
            resolving.discard(name)
        found = with_hash(name, data)
        result.hashed[name] = found
        hashed_content[found] = data
        return found

    for name in files:
        hashed_name(name)
    for name in files:
        _write(target / name, content(name))
        result.copied.append(name)
        hashed = result.hashed[name]
        _write(target / hashed, hashed_content[hashed])
        if compress:
            for written, data in ((name, content(name)), (hashed, hashed_content[hashed])):
                result.compressed += _compress(target, written, data)
    write_manifest(target, result.hashed)
    return result


def with_hash(name: str, data: bytes) -> str:
    """``css/site.css`` → ``css/site.<12 hex digits>.css`` (the hash of ``data``)."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    folder, _, base = name.rpartition("/")
    stem, dot, ext = base.rpartition(".")
    hashed = f"{stem}.{digest}.{ext}" if dot and stem else f"{base}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


def _rewrite_css(
    name: str,
    data: bytes,
    files: dict[str, str],
    hashed_name: Callable[[str], str],
    resolving: set[str],
    warnings: list[str],
) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        warnings.append(f"{name}: not UTF-8, its url() references were left as they are")
        return data
    folder = posixpath.dirname(name)
    # References inside comments are not loaded by browsers: blank them out of the search.
    searchable = _CSS_COMMENT.sub(lambda match: " " * len(match.group()), text)

    def replacement(match: re.Match[str]) -> str | None:
        url = match.group("url").strip()
        if not url or url.lower().startswith(_EXTERNAL) or url.startswith("/") or "{" in url:
            return None
        path, mark, rest = _split_url(url)
        target = posixpath.normpath(posixpath.join(folder, unquote(path)))
        if target.startswith("../") or target == "..":
            warnings.append(f"{name}: {url!r} points outside the static files")
            return None
        if target not in files:
            warnings.append(f"{name}: {url!r} names a file that is not among the static files")
            return None
        if target in resolving:
            warnings.append(f"{name}: stylesheets import each other; {url!r} left unhashed")
            return None
        hashed = hashed_name(target)
        directory = path.rpartition("/")[0]
        new_path = (directory + "/" if directory else "") + quote(hashed.rpartition("/")[2])
        return new_path + mark + rest

    pieces = []
    for pattern in (_CSS_URL, _CSS_IMPORT):
        for match in pattern.finditer(searchable):
            new = replacement(match)
            if new is not None:
                pieces.append((match.start("url"), match.end("url"), new))
    out: list[str] = []
    last = 0
    for start, end, new in sorted(pieces):
        out.append(text[last:start])
        out.append(new)
        last = end
    out.append(text[last:])
    return "".join(out).encode("utf-8")


def _split_url(url: str) -> tuple[str, str, str]:
    """``font.woff?#iefix`` → ``("font.woff", "?", "#iefix")``: the path, and what follows."""
    for index, char in enumerate(url):
        if char in "?#":
            return url[:index], char, url[index + 1 :]
    return url, "", ""


def _compress(root: Path, name: str, data: bytes) -> list[str]:
    if extension(name) not in COMPRESSIBLE or len(data) < MIN_COMPRESS_SIZE:
        return []
    written = []
    limit = len(data) * (1 - _MIN_SAVING)
    # mtime=0: the same input gives the same bytes, so a rebuild changes nothing.
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    if len(packed) <= limit:
        _write(root / f"{name}.gz", packed)
        written.append(f"{name}.gz")
    try:
        import brotli
    except ImportError:  # brotli is optional: gzip alone still serves every browser
        return written
    packed = brotli.compress(data, quality=11)
    if len(packed) <= limit:
        _write(root / f"{name}.br", packed)
        written.append(f"{name}.br")
    return written


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename: a server never serves a half-written file.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _check_no_overlap(target: Path, sources: Iterable[Path]) -> None:
    for source in sources:
        real = Path(os.path.realpath(source))
        if target == real or target in real.parents or real in target.parents:
            raise CollectError(
                f"STATIC_ROOT ({target}) and the static folder {real} overlap: collect into "
                "a folder of its own, outside every source folder"
            )


def _clear(target: Path) -> None:
    """Empty ``target`` (collectstatic's own output), keeping the folder itself."""
    if not (target / MANIFEST_NAME).is_file() and any(target.iterdir()):
        raise CollectError(
            f"--clear refuses to empty {target}: it has files but no {MANIFEST_NAME}, so it "
            "does not look like a folder collectstatic made"
        )
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
