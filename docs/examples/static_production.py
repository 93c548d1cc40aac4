import tempfile
from pathlib import Path

from trestle import App
from trestle.staticfiles import StaticFiles, collect_static

HERE = Path(__file__).parent
STATIC_ROOT = Path(tempfile.mkdtemp()) / "staticfiles"

# What `trestle collectstatic` does for a project, called directly:
result = collect_static([HERE / "static"], STATIC_ROOT)
assert result.hashed["css/site.css"].startswith("css/site.")
assert result.warnings == []

app = App({"DEBUG": False, "STATIC_ROOT": STATIC_ROOT})
static = StaticFiles(app)
