"""Fails when a test checks nothing: no test without an assertion.

A test function (``test_*`` in ``tests/**/test_*.py``, at module level or in a ``Test*`` class)
must contain, anywhere in its body, at least one of:

- an ``assert`` statement;
- ``pytest.raises(...)`` or ``pytest.warns(...)``;
- a call of a helper whose name starts with ``assert`` (``assert_forbidden(...)``,
  ``mock.assert_called_once()``) or ``django_assert`` (``django_assert_num_queries``).

A test that only runs code proves that it does not crash, and says so nowhere; give it the
assertion of what a user would see. Shared helpers that assert are named ``assert_*`` so this
check (and a reader) can tell them apart. Ruff has no such rule (flake8-pytest-style neither).

Usage: python scripts/check_test_asserts.py [paths...]   (default: tests/)
"""

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKING_CALLS = {"raises", "warns"}  # pytest.raises, pytest.warns
HELPER_PREFIXES = ("assert", "django_assert")


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def checks_something(test: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for node in ast.walk(test):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = _called_name(node)
            if name.startswith(HELPER_PREFIXES):
                return True
            if (
                name in CHECKING_CALLS
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "pytest"
            ):
                return True
    return False


def tests_in(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test"
        ):
            yield node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and (
                    item.name.startswith("test")
                ):
                    yield item


def main(argv: list[str]) -> int:
    roots = [Path(arg) for arg in argv] or [ROOT / "tests"]
    files = sorted(
        path for root in roots for path in ([root] if root.is_file() else root.rglob("test_*.py"))
    )
    found = []
    for path in files:
        tree = ast.parse(path.read_text(), filename=str(path))
        for test in tests_in(tree):
            if not checks_something(test):
                shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                found.append(f"{shown}:{test.lineno}: {test.name} asserts nothing")
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(
            f"{len(found)} test(s) without an assertion: assert what the user sees, "
            "or call an assert_* helper.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
