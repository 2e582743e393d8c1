"""The main job needs only the runtime install (issue 19, item 5).

``pip install -e .`` (``make digest``) must be enough for ``nlptools digest``:
no module of nlptools imports a dev-only package at import time, the few
function-level imports of one sit in the evidence layers only, the runtime
dependencies (and what they pull in) provide every other third-party import,
and the digest runs with every dev-only package made unimportable.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nlptools"

#: Import names of the packages only the dev extra installs (tests, lint, types, notebooks, benchmarks).
DEV_ONLY = {
    "pytest",
    "hypothesis",
    "ruff",
    "mypy",
    "importlinter",
    "import_linter",
    "pysbd",
    "jupyter",
    "jupyter_client",
    "jupyter_core",
    "jupytext",
    "nbclient",
    "nbconvert",
    "nbformat",
    "nbmake",
    "ipykernel",
    "IPython",
    "psutil",
}

#: Function-level imports of a dev-only package allowed, and where: benchmarks that compare against it.
OPTIONAL_IMPORTS = {("pysbd", "nlptools/benchmarks/segmentation.py")}

#: Packages of a runtime extra (``pip install 'nlptools[dask]'``), imported only inside the function that
#: needs them, which says how to install them when they are missing.
EXTRA_IMPORTS = {("distributed", "nlptools/parallel.py")}


def _imports() -> list[tuple[str, str, bool]]:
    """(top-level module, file, at module level?) for every absolute import in nlptools."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(n) for n in tree.body}
        # imports under `if TYPE_CHECKING:` or try/except at module level count as module level too
        for node in tree.body:
            if isinstance(node, ast.If | ast.Try):
                top_level |= {id(n) for n in ast.walk(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.append((name.split(".")[0], path.relative_to(ROOT).as_posix(), id(node) in top_level))
    return found


def _third_party(name: str) -> bool:
    return name not in sys.stdlib_module_names and name != "nlptools" and name != "__future__"


def _requirement_name(req: str) -> tuple[str, str]:
    """(normalised distribution name, marker) of a requirement string."""
    name = re.split(r"[\s\[<>=!~;(]", req.strip(), maxsplit=1)[0]
    marker = req.split(";", 1)[1] if ";" in req else ""
    return re.sub(r"[-_.]+", "-", name).lower(), marker


def _runtime_closure() -> set[str]:
    """Distributions the runtime install brings: nlptools' dependencies and theirs (no extras)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [_requirement_name(r)[0] for r in project["dependencies"]]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for req in requires:
            dep, marker = _requirement_name(req)
            if "extra ==" in marker.replace('"', "'").replace("'", "") or "extra ==" in marker:
                continue  # an optional extra of that package: not installed by ours
            todo.append(dep)
    return seen


def test_no_dev_only_package_is_imported_at_module_level():
    bad = [(m, f) for m, f, top in _imports() if m in DEV_ONLY and top]
    assert not bad, f"dev-only packages imported at import time (the runtime install lacks them): {bad}"


def test_function_level_dev_only_imports_are_only_where_allowed():
    used = {(m, f) for m, f, top in _imports() if m in DEV_ONLY and not top}
    assert used <= OPTIONAL_IMPORTS, f"dev-only packages imported by the library: {sorted(used - OPTIONAL_IMPORTS)}"
    for _, f in used:
        assert f.startswith(("nlptools/benchmarks/", "nlptools/evaluate/", "nlptools/experiment/")), f


def test_extra_packages_are_imported_only_where_allowed_and_inside_functions():
    extras = {m for m, _ in EXTRA_IMPORTS}
    used = {(m, f, top) for m, f, top in _imports() if m in extras}
    assert used, "the dask extra is no longer used: drop it from EXTRA_IMPORTS and pyproject.toml"
    assert {(m, f) for m, f, _ in used} <= EXTRA_IMPORTS
    assert not any(top for _, _, top in used), "an extra's package imported at module level"


def test_runtime_dependencies_provide_every_other_import():
    providers = metadata.packages_distributions()
    closure = _runtime_closure()
    missing = {}
    for module, where, _ in _imports():
        if not _third_party(module) or module in DEV_ONLY or (module, where) in EXTRA_IMPORTS:
            continue
        dists = {re.sub(r"[-_.]+", "-", d).lower() for d in providers.get(module, [])}
        if not dists & closure:
            missing.setdefault(module, where)
    assert not missing, f"imported but not brought by the runtime dependencies of pyproject.toml: {missing}"


def test_extras_split_runtime_from_dev():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_requirement_name(r)[0] for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    dev = {_requirement_name(r)[0] for r in extras["dev"]}
    for names in extras.values():
        for r in names:
            if r.startswith("nlptools["):  # dev includes the notebooks and benchmarks extras
                for extra in r[len("nlptools[") : -1].split(","):
                    dev |= {_requirement_name(x)[0] for x in extras[extra]}
    assert {"pytest", "hypothesis", "ruff", "mypy", "jupyter", "nbmake", "psutil", "pysbd", "import-linter"} <= dev
    assert not runtime & dev, f"dev tools among the runtime dependencies: {runtime & dev}"


def test_make_digest_installs_the_runtime_only_and_make_test_the_dev_extra(tmp_path):
    venv = tmp_path / "venv"  # does not exist: make -n shows every step it would take
    dry = {
        target: subprocess.run(
            ["make", "-n", "-C", str(ROOT), target, f"VENV={venv}"], capture_output=True, text=True, timeout=60
        )
        for target in ("digest", "test")
    }
    if dry["digest"].returncode != 0:
        pytest.skip(f"make unavailable: {dry['digest'].stderr.strip()[:200]}")
    installs = {t: [line for line in r.stdout.splitlines() if "pip install" in line] for t, r in dry.items()}
    assert installs["digest"] and not any(
        "[dev]" in line or "[" in line.split("install")[-1] for line in installs["digest"]
    )
    assert any('-e ".[dev]"' in line for line in installs["test"])


_BLOCKER = """
import importlib.abc, sys
BLOCKED = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: dev-only)")
        return None
sys.meta_path.insert(0, Block())
from nlptools.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
def test_the_main_job_runs_without_any_dev_package(tmp_path):
    out = tmp_path / "digest"
    env = {**os.environ, "NLPTOOLS_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", _BLOCKER, ",".join(sorted(DEV_ONLY)), "-q", "digest", str(ROOT / "seeds"), "--html"]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert {"digest.json", "digest.md", "digest.html"} <= {p.name for p in out.iterdir()}
    assert proc.stdout.startswith("#")  # the digest, in Markdown
