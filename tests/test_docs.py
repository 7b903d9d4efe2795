"""The README names every command and benchmark a newcomer can run."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("name", ["user", "demo", "welcome", "freeze"])
def test_every_planner_command_is_in_the_readme(app, name):
    """Each of the project's own `planner` commands is registered and documented."""
    assert name in app.cli.commands
    assert f"`planner {name}" in README


@pytest.mark.parametrize(
    "script", sorted(p.name for p in (ROOT / "benchmarks").glob("*.py") if p.name != "__init__.py")
)
def test_every_benchmark_is_in_the_readme(script):
    """Each benchmark script is named in the README with the command that runs it."""
    assert f"benchmarks/{script}" in README


@pytest.mark.parametrize("target", ["run", "demo", "freeze", "test", "bench", "constraints"])
def test_every_make_target_is_in_the_readme(target):
    """Each make target a person runs is named in the README."""
    assert f"make {target}" in README
