"""Fails when the lock files no longer match pyproject.toml, so nobody installs a stale lock.

pyproject.toml says which packages the app needs and in what range; requirements.lock (runtime)
and requirements-dev.lock (runtime + tools) pin every package with hashes. This checks, without
the network, that each requirement in pyproject is pinned in its lock at a version it accepts,
and that the two locks pin the packages they share at the same version. The installs themselves
(``pip install --require-hashes``) refuse a lock that misses a transitive package.

Run `make lock` to fix what it reports.
"""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def pins(path: Path) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall(path.read_text())}


def check(requirements: list[str], locked: dict[str, str], lock_name: str) -> list[str]:
    problems = []
    for line in requirements:
        req = Requirement(line)
        if req.marker and not req.marker.evaluate():
            continue
        version = locked.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{req.name}: in pyproject.toml, missing from {lock_name}")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(
                f"{req.name}: {lock_name} pins {version}, pyproject.toml asks {req.specifier}"
            )
    return problems


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = pins(ROOT / "requirements.lock")
    dev = pins(ROOT / "requirements-dev.lock")
    problems = check(project["dependencies"], runtime, "requirements.lock")
    problems += check(
        project["dependencies"] + project["optional-dependencies"]["dev"],
        dev,
        "requirements-dev.lock",
    )
    problems += [
        f"{name}: requirements.lock pins {version}, requirements-dev.lock {dev.get(name)}"
        for name, version in sorted(runtime.items())
        if dev.get(name) != version
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("The locks do not match pyproject.toml: run `make lock`.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
