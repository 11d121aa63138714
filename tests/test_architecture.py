"""The app boundaries: import-linter checks the contracts of pyproject.toml ([tool.importlinter]).

The first test runs them on the project. The others run them on a copy of the project with one import added,
to show that each contract reports what it is meant to forbid and lets through what it is meant to allow.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
APPS = ["coalition", "meldpunt", "socialekaart", "subsidies", "monitoring"]


def lint_imports(root: Path, *contracts: str) -> subprocess.CompletedProcess:
    args = [str(LINT_IMPORTS), "--no-cache", "--no-logo", *(f"--contract={contract}" for contract in contracts)]
    return subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=120, check=False)


def test_the_apps_keep_their_boundaries():
    result = lint_imports(BASE_DIR)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the apps and the contracts, to add imports to."""
    shutil.copy(BASE_DIR / "pyproject.toml", tmp_path)
    for app in APPS:
        shutil.copytree(BASE_DIR / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def add_module(project: Path, path: str, code: str) -> None:
    (project / path).write_text(code)


@pytest.mark.parametrize(
    ("contract", "path", "code"),
    [
        ("coalition-imports-no-app", "coalition/shortcut.py", "from meldpunt.models import Melding\n"),
        # Imports inside a function count as well.
        ("coalition-imports-no-app", "coalition/shortcut.py", "def f():\n    from socialekaart import queries\n"),
        ("meldpunt-socialekaart-coalition", "socialekaart/shortcut.py", "from meldpunt import queries\n"),
        ("meldpunt-socialekaart-coalition", "coalition/shortcut.py", "import socialekaart.models\n"),
        ("nothing-imports-subsidies-or-monitoring", "meldpunt/shortcut.py", "from subsidies import views\n"),
        ("nothing-imports-subsidies-or-monitoring", "subsidies/shortcut.py", "from monitoring import views\n"),
        ("monitoring-reads-queries", "monitoring/shortcut.py", "from socialekaart.models import Activiteit\n"),
        ("monitoring-reads-queries", "monitoring/shortcut.py", "from meldpunt.services import intake\n"),
        ("monitoring-reads-queries", "monitoring/shortcut.py", "from subsidies import views\n"),
        ("subsidies-through-queries-and-services", "subsidies/shortcut.py", "from meldpunt.models import Melding\n"),
        ("subsidies-through-queries-and-services", "subsidies/shortcut.py", "from socialekaart import views\n"),
    ],
)
def test_a_forbidden_import_is_reported(project, contract, path, code):
    add_module(project, path, code)

    result = lint_imports(project, contract)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout and "1 broken" in result.stdout, result.stdout
    assert path.removesuffix(".py").replace("/", ".") in result.stdout  # the report names the importer


def test_a_cycle_inside_an_app_is_reported(project):
    add_module(project, "socialekaart/first.py", "from . import second\n")
    add_module(project, "socialekaart/second.py", "def f():\n    from . import first\n")

    result = lint_imports(project, "no-cycles-inside-an-app")

    assert result.returncode == 1, result.stdout + result.stderr
    assert "No cycles are allowed in socialekaart" in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("path", "code"),
    [
        # The ways in: subsidies through queries and services, monitoring through queries.
        ("subsidies/uses.py", "from meldpunt import queries\nfrom meldpunt.services import referrals\n"),
        ("subsidies/uses.py", "from socialekaart import queries\nfrom socialekaart.services import freshness\n"),
        ("subsidies/uses.py", "from coalition.models import Organisatie\n"),
        ("monitoring/uses.py", "from meldpunt import queries\nfrom socialekaart import queries as kaart\n"),
        # queries may be a package with a module per area: each of them is a way in too.
        ("monitoring/uses.py", "from meldpunt.queries.trackrecord import referral_track_record\n"),
        ("subsidies/uses.py", "from meldpunt.queries.worklist import worklist_counts\n"),
        ("monitoring/uses.py", "from subsidies.queries import calls\n"),
        ("meldpunt/uses.py", "from socialekaart.models import Activiteit\nfrom coalition.models import Wijk\n"),
    ],
)
def test_an_allowed_import_is_not_reported(project, path, code):
    # subsidies has no queries module yet; monitoring may read it once it has.
    add_module(project, "subsidies/queries.py", "def calls():\n    return []\n")
    add_module(project, path, code)

    result = lint_imports(project)

    assert result.returncode == 0, result.stdout + result.stderr
