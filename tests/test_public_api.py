"""The public API is curated: this test makes any change to it a deliberate one."""

import subprocess
import sys

import trestle

EXPECTED = {
    "App",
    "Body",
    "Converter",
    "Cookie",
    "Depends",
    "File",
    "Form",
    "Header",
    "Query",
    "FileResponse",
    "HTMLResponse",
    "HTTPException",
    "JSONResponse",
    "PlainTextResponse",
    "RedirectResponse",
    "Request",
    "Response",
    "Settings",
    "StreamingResponse",
    "View",
    "abort",
    "include",
    "path",
}


def test_exported_names() -> None:
    public = {name for name in vars(trestle) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(trestle, name)).__name__ == "module"}
    assert public - modules == EXPECTED


def test_import_trestle_stays_lean() -> None:
    # Batteries' libraries load on first use, never on `import trestle`.
    code = (
        "import sys, trestle; heavy = {'httpx', 'click', 'granian', 'python_multipart', "
        "'jinja2', 'sqlalchemy', 'pydantic', 'asyncio'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
