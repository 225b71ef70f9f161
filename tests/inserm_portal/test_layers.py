"""Imports flow one way, core <- units <- partners <- home, workspace, api, operations <- demo
(the layers contract in pyproject.toml, which `make lint` runs): an upward import fails."""

import shutil
import subprocess
import sys
from pathlib import Path

from ..servers import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ["inserm_portal", "core", "units", "partners", "home", "workspace", "api", "demo", "operations"]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=False,
    )


def copy_of_the_project(target: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", target)
    return target


def test_the_code_keeps_the_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_core_importing_a_domain_app_breaks_the_build(tmp_path):
    project = copy_of_the_project(tmp_path)
    (project / "core" / "upward.py").write_text("from units.models import ResearchUnit  # noqa\n")
    result = lint_imports(project)
    assert result.returncode == 1
    assert "core is not allowed to import units" in result.stdout
    assert "core.upward -> units.models" in result.stdout


def test_units_importing_partners_breaks_the_build(tmp_path):
    project = copy_of_the_project(tmp_path)
    (project / "units" / "upward.py").write_text("def later():\n    from partners import models  # noqa\n")
    result = lint_imports(project)
    assert result.returncode == 1
    assert "units is not allowed to import partners" in result.stdout
