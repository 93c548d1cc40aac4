"""collectstatic: hashed copies, a manifest, CSS references rewritten, compressed copies."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import brotli
import pytest

from trestle import App
from trestle.staticfiles import CollectError, collect_static, collect_static_for
from trestle.staticfiles.collect import with_hash
from trestle.staticfiles.manifest import MANIFEST_NAME, ManifestError, read_manifest

from .conftest import write

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
FONT = b"wOF2" + bytes(32)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("css/site.css", "css/site.{h}.css"),
        ("app.min.js", "app.min.{h}.js"),
        ("LICENSE", "LICENSE.{h}"),
        (".htaccess", ".htaccess.{h}"),
        ("a/b/c.js.map", "a/b/c.js.{h}.map"),
    ],
)
def test_with_hash(name: str, expected: str) -> None:
    assert with_hash(name, b"x") == expected.format(h=digest(b"x"))


def test_collects_hashes_and_writes_the_manifest(tmp_path: Path) -> None:
    source = write(tmp_path / "static", {"img/logo.png": PNG, "js/app.js": "let a = 1;"})
    result = collect_static([source], tmp_path / "out")
    root = tmp_path / "out"
    assert result.root == root
    assert sorted(result.copied) == ["img/logo.png", "js/app.js"]
    assert result.hashed["img/logo.png"] == f"img/logo.{digest(PNG)}.png"
    assert (root / "img" / "logo.png").read_bytes() == PNG
    assert (root / result.hashed["img/logo.png"]).read_bytes() == PNG
    manifest = json.loads((root / MANIFEST_NAME).read_text())
    assert manifest == {"version": 1, "paths": result.hashed}
    assert read_manifest(root) == result.hashed
    assert not list(root.rglob(".*.tmp"))  # no temporary files left behind


def test_css_references_are_rewritten(tmp_path: Path) -> None:
    css = (
        "@import 'base.css';\n"
        '@import url("print.css") print;\n'
        ".a { background: url(../img/logo.png); }\n"
        ".b { background: url( '../img/logo.png' ); }\n"
        '.c { background: url("../img/logo.png?v=1#frag"); }\n'
        "@font-face { src: url(../fonts/x.woff2?#iefix) format('woff2'); }\n"
        ".d { background: url(data:image/png;base64,AAAA); }\n"
        ".e { background: url(https://cdn.example.com/x.png); }\n"
        ".f { background: url(//cdn.example.com/x.png); }\n"
        ".g { background: url(/static/img/logo.png); }\n"
        ".h { background: url(#mask); }\n"
        "/* .i { background: url(../img/missing-in-a-comment.png); } */\n"
        ".j { background: url(../img/missing.png); }\n"
        ".k { background: url(../../../etc/passwd); }\n"
        ".l { background: url(my%20logo.png); }\n"
    )
    source = write(
        tmp_path / "static",
        {
            "css/site.css": css,
            "css/base.css": ".base { background: url(../img/logo.png) }",
            "css/print.css": "p{}",
            "css/my logo.png": PNG,
            "img/logo.png": PNG,
            "fonts/x.woff2": FONT,
        },
    )
    result = collect_static([source], tmp_path / "out")
    hashed = result.hashed
    logo = hashed["img/logo.png"].rpartition("/")[2]
    text = (tmp_path / "out" / hashed["css/site.css"]).read_text()
    assert f"@import '{hashed['css/base.css'].rpartition('/')[2]}';" in text
    assert f'@import url("{hashed["css/print.css"].rpartition("/")[2]}") print;' in text
    assert f".a {{ background: url(../img/{logo}); }}" in text
    assert f".b {{ background: url( '../img/{logo}' ); }}" in text
    assert f'.c {{ background: url("../img/{logo}?v=1#frag"); }}' in text
    assert f"url(../fonts/{hashed['fonts/x.woff2'].rpartition('/')[2]}?#iefix)" in text
    assert "url(data:image/png;base64,AAAA)" in text
    assert "url(https://cdn.example.com/x.png)" in text
    assert "url(//cdn.example.com/x.png)" in text
    assert "url(/static/img/logo.png)" in text
    assert "url(#mask)" in text
    assert "missing-in-a-comment.png" in text
    assert "url(../img/missing.png)" in text
    assert f"url(my%20logo.{digest(PNG)}.png)" in text
    # The stylesheet's hash is of the rewritten text.
    assert hashed["css/site.css"] == with_hash("css/site.css", text.encode())
    # The original name keeps the original text (its references need no hashes to work).
    assert (tmp_path / "out" / "css" / "site.css").read_text() == css
    assert result.warnings == [
        "css/site.css: '../img/missing.png' names a file that is not among the static files",
        "css/site.css: '../../../etc/passwd' points outside the static files",
    ]


def test_a_changed_image_changes_the_stylesheet_hash(tmp_path: Path) -> None:
    source = write(tmp_path / "static", {"site.css": ".a{background:url(bg.png)}", "bg.png": PNG})
    first = collect_static([source], tmp_path / "one").hashed["site.css"]
    (source / "bg.png").write_bytes(PNG + b"changed")
    second = collect_static([source], tmp_path / "two").hashed["site.css"]
    assert first != second


def test_stylesheets_that_import_each_other(tmp_path: Path) -> None:
    source = write(tmp_path / "static", {"a.css": "@import 'b.css';", "b.css": "@import 'a.css';"})
    result = collect_static([source], tmp_path / "out")
    assert set(result.hashed) == {"a.css", "b.css"}
    assert any("import each other" in warning for warning in result.warnings)


def test_css_that_is_not_utf8_is_copied_as_it_is(tmp_path: Path) -> None:
    source = write(tmp_path / "static", {"latin.css": "p:before{content:'\xe9'}".encode("latin-1")})
    result = collect_static([source], tmp_path / "out")
    assert result.warnings == ["latin.css: not UTF-8, its url() references were left as they are"]


def test_compressed_copies(tmp_path: Path) -> None:
    big = "body { color: red; }\n" * 100
    source = write(
        tmp_path / "static",
        {"site.css": big, "small.css": "p{}", "logo.png": PNG * 20, "noise.js": os.urandom(600)},
    )
    result = collect_static([source], tmp_path / "out")
    root = tmp_path / "out"
    hashed = result.hashed["site.css"]
    for name in ("site.css", hashed):
        assert gzip.decompress((root / f"{name}.gz").read_bytes()).decode() == big
        assert brotli.decompress((root / f"{name}.br").read_bytes()).decode() == big
    assert not (root / "small.css.gz").exists()  # too small to be worth it
    assert not (root / "logo.png.gz").exists()  # PNG is compressed already
    assert not (root / "noise.js.br").exists()  # would not get smaller
    assert sorted(result.compressed) == sorted(
        ["site.css.gz", "site.css.br", f"{hashed}.gz", f"{hashed}.br"]
    )
    # Deterministic: the same input gives the same bytes.
    again = collect_static([source], tmp_path / "again")
    assert again.hashed == result.hashed
    assert (tmp_path / "again" / "site.css.gz").read_bytes() == (root / "site.css.gz").read_bytes()


def test_no_compress(tmp_path: Path) -> None:
    source = write(tmp_path / "static", {"site.css": "body{}" * 200})
    result = collect_static([source], tmp_path / "out", compress=False)
    assert result.compressed == []
    assert not list((tmp_path / "out").glob("*.gz"))


def test_the_first_source_wins_and_hidden_files_stay_out(tmp_path: Path) -> None:
    first = write(tmp_path / "a", {"x.css": "first", ".env": "SECRET"})
    second = write(tmp_path / "b", {"x.css": "second", "y.css": "y"})
    result = collect_static([first, second], tmp_path / "out")
    assert sorted(result.copied) == ["x.css", "y.css"]
    assert (tmp_path / "out" / "x.css").read_text() == "first"
    assert not (tmp_path / "out" / ".env").exists()


def test_clear_empties_an_earlier_collection(tmp_path: Path) -> None:
    source = write(tmp_path / "static", {"new.css": "new"})
    write(tmp_path / "out", {"old.css": "old", "sub/old.js": "old", MANIFEST_NAME: "{}"})
    collect_static([source], tmp_path / "out")
    assert (tmp_path / "out" / "old.css").exists()  # kept without --clear (old pages use it)
    collect_static([source], tmp_path / "out", clear=True)
    assert not (tmp_path / "out" / "old.css").exists()
    assert not (tmp_path / "out" / "sub").exists()
    assert (tmp_path / "out" / "new.css").exists()


def test_clear_refuses_a_folder_collectstatic_did_not_make(tmp_path: Path) -> None:
    source = write(tmp_path / "static", {"a.css": "a"})
    write(tmp_path / "important", {"thesis.tex": "..."})
    with pytest.raises(CollectError, match="does not look like a folder collectstatic made"):
        collect_static([source], tmp_path / "important", clear=True)
    assert (tmp_path / "important" / "thesis.tex").exists()


@pytest.mark.parametrize("target", ["static", "static/out", "."])
def test_the_root_may_not_overlap_a_source(tmp_path: Path, target: str) -> None:
    source = write(tmp_path / "static", {"a.css": "a"})
    with pytest.raises(CollectError, match="overlap"):
        collect_static([source], tmp_path / target)


def test_collect_for_a_project(tmp_path: Path) -> None:
    write(tmp_path / "static", {"site.css": "p{}"})
    settings = App(
        {"BASE_DIR": str(tmp_path), "STATIC_ROOT": "collected", "STATICFILES_DIRS": ["static"]}
    ).settings
    result = collect_static_for(settings)
    assert "site.css" in result.copied
    assert "trestle/trestle.css" in result.copied  # Trestle's own look comes along
    assert result.root == tmp_path / "collected"


def test_collect_without_static_root_is_a_clear_error() -> None:
    with pytest.raises(CollectError, match="STATIC_ROOT is not set"):
        collect_static_for(App().settings)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "is not JSON"),
        ('{"paths": {}}', "not one collectstatic wrote"),
        ('{"version": 1, "paths": {"a": 1}}', "not one collectstatic wrote"),
        ("[]", "not one collectstatic wrote"),
    ],
)
def test_a_broken_manifest_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / MANIFEST_NAME).write_text(text)
    with pytest.raises(ManifestError, match=message):
        read_manifest(tmp_path)


def test_a_missing_manifest_is_none(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) is None


def test_an_unreadable_manifest_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / MANIFEST_NAME).write_bytes(b"\xff\xfe")
    with pytest.raises(ManifestError, match="cannot read"):
        read_manifest(tmp_path)
