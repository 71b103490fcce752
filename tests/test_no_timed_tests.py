"""No test asserts how fast something ran.

A wall-clock bound (``assert max(timings) < 1000``) fails on a busy CI machine with nothing
wrong in the book, and passes on a fast one whatever the code does: it tests the machine. This
guard reads every Python file under tests/ and tests_binder/ with ``ast`` and fails, naming
file:line, on every check whose condition involves a measured time.

A *check* is an ``assert`` statement (its condition, not its message), a call of a function
whose name starts with ``assert`` (``np.testing.assert_array_less(timings, 1000)``,
``self.assertLess(elapsed, 1)``), or an ``if`` whose body raises or calls ``pytest.fail``.

Its condition *involves a measured time* when it mentions:

- a clock: ``time.time()``, ``time.monotonic()``, ``time.perf_counter()`` (and ``_ns``,
  ``process_time``, ``thread_time``), ``datetime.now()``, ``timeit``, or a string of
  JavaScript reading ``performance.now()`` or ``Date.now()`` (a page's clock, read through
  ``page.evaluate``);
- a name whose words (split at ``_`` and case changes) include ``time``, ``times``,
  ``timing(s)``, ``elapsed``, ``duration(s)``, ``seconds``, ``secs``, ``ms``, ``took``,
  ``perf_counter`` or ``monotonic`` (``timeout``, ``runtime`` or ``epochs`` are other words),
  though not ``time`` or ``times`` alone: that is the ``time`` module (its clocks are caught as
  clocks), an HTML ``<time>`` element (``item.time["datetime"]``) or a count; nor beside
  ``date``, ``stamp`` or ``zone``: a moment on the calendar (a zip entry's ``date_time``), not
  a measured time;
- or a variable that the same function (or the module) assigns from any of these, directly or
  through other such variables, including by ``.append``/``.extend``/``+=``
  (``timings.append(now() - before)`` makes ``timings`` a measured time).

**Deadlines are not flagged.** Waiting for a condition with a time limit is not a claim about
speed: the limit only ends a wait that would otherwise never end. They are told apart by their
shape: a check is a deadline when

1. it sits inside a ``while`` loop (the wait), and
2. every measured time in its condition is a comparison of a clock reading *now* against a
   deadline variable assigned as ``clock() + limit`` (``time.monotonic() < deadline``, or
   ``deadline > time.monotonic()``, or ``>=``/``<=``/``not``-ed forms of the same).

So ``while True: ...; assert server.poll() is None and time.monotonic() < deadline`` and
``while ...: if time.monotonic() > deadline: raise TimeoutError(...)`` pass, while the same
comparison outside a loop (``deadline = monotonic() + 1; work(); assert monotonic() < deadline``:
a speed bound in disguise) and ``assert time.monotonic() - started < 120`` (a duration, even in a
loop) are flagged. A wait should be written in the deadline form. Timeouts passed to a waiting
call (``page.wait_for_function(..., timeout=10000)``) are arguments, not checks, and are fine.

``python tests/test_no_timed_tests.py DIR_OR_FILE ...`` runs the same check on other files.
"""

from __future__ import annotations

import ast
import copy
import re
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = [ROOT / "tests", ROOT / "tests_binder"]

CLOCK_FUNCTIONS = {"time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns",
                   "process_time", "process_time_ns", "thread_time", "thread_time_ns", "now", "utcnow",
                   "timeit", "default_timer"}
TIME_WORDS = {"time", "times", "timing", "timings", "elapsed", "duration", "durations", "seconds", "secs",
              "ms", "took", "perf", "counter", "monotonic"}
JS_CLOCK = re.compile(r"\b(performance\.now|Date\.now)\s*\(")


def _words(identifier: str) -> set[str]:
    """``took_ms`` -> {took, ms}; ``elapsedSeconds`` -> {elapsed, seconds}."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", identifier)
    return {w.lower() for w in spaced.split("_") if w}


def _is_time_word(identifier: str) -> bool:
    words = _words(identifier)
    if words <= {"time", "times"}:
        return False  # alone, the time module, an HTML <time> element or a count ("3 times")
    if words & {"date", "stamp", "stamps", "zone"}:
        return False  # a moment on the calendar (a zip entry's date_time), not a measured time
    # perf and counter only together (perf_counter), not a lone "counter"
    return bool(words & (TIME_WORDS - {"perf", "counter"})) or {"perf", "counter"} <= words


def _is_clock_call(node: ast.AST) -> bool:
    """A call that reads a clock: time.monotonic(), perf_counter(), datetime.now(), or
    page.evaluate("() => performance.now()")."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name in CLOCK_FUNCTIONS:
        return True
    return any(isinstance(a, ast.Constant) and isinstance(a.value, str) and JS_CLOCK.search(a.value)
               for a in node.args)


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


class _Scope:
    """The variables of one function (or of the module) that hold a measured time, and those
    that hold a deadline (clock() + limit)."""

    def __init__(self, body: list[ast.stmt], outer: "_Scope | None" = None):
        self.timed: set[str] = set(outer.timed) if outer else set()
        self.deadlines: set[str] = set(outer.deadlines) if outer else set()
        statements = [n for stmt in body for n in _walk_scope(stmt)]
        changed = True
        while changed:  # to a fixed point: b = a - t0; c = b * 1000; ...
            changed = False
            for node in statements:
                for target, value in _assignments(node):
                    if target in self.timed or not self.mentions_time(value):
                        continue
                    self.timed.add(target)
                    changed = True
        for node in statements:
            for target, value in _assignments(node):
                if _is_deadline_value(value):
                    self.deadlines.add(target)

    def mentions_time(self, node: ast.AST) -> bool:
        for sub in ast.walk(node):
            if _is_clock_call(sub):
                return True
            name = _name(sub)
            if name is not None and (_is_time_word(name) or (isinstance(sub, ast.Name) and name in self.timed)):
                return True
        return False


def _walk_scope(node: ast.AST):
    """The nodes of a statement, not entering nested functions or classes (their own scopes)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
        return
    yield node
    for child in ast.iter_child_nodes(node):
        yield from _walk_scope(child)


def _assignments(node: ast.AST):
    """(variable, value) for x = v, x += v, x: T = v, with x = v, for x in v, and x.append(v) /
    x.extend(v) / x.insert(i, v)."""
    targets: list[ast.AST] = []
    value = None
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
        targets, value = [node.target], node.value
    elif isinstance(node, ast.NamedExpr):
        targets, value = [node.target], node.value
    elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
        targets, value = [node.target], node.iter
    elif isinstance(node, ast.withitem) and node.optional_vars is not None:
        targets, value = [node.optional_vars], node.context_expr
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
          and node.func.attr in {"append", "extend", "insert", "add", "update"}
          and isinstance(node.func.value, ast.Name) and node.args):
        targets, value = [node.func.value], ast.Tuple(elts=list(node.args), ctx=ast.Load())
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name):
                yield sub.id, value


def _is_deadline_value(node: ast.AST) -> bool:
    """clock() + limit (or limit + clock())."""
    return (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
            and (_is_clock_call(node.left) or _is_clock_call(node.right)))


def _is_deadline_comparison(node: ast.AST, scope: _Scope) -> bool:
    """now < deadline, now <= deadline, deadline > now, deadline >= now (and the opposite
    directions, as in `if now > deadline: raise`)."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1
            and isinstance(node.ops[0], (ast.Lt, ast.LtE, ast.Gt, ast.GtE))):
        return False
    left, right = node.left, node.comparators[0]
    is_deadline = lambda n: isinstance(n, ast.Name) and n.id in scope.deadlines  # noqa: E731
    return (_is_clock_call(left) and is_deadline(right)) or (is_deadline(left) and _is_clock_call(right))


def _without_deadlines(condition: ast.AST, scope: _Scope) -> ast.AST:
    """The condition with every deadline comparison replaced by True."""

    class Strip(ast.NodeTransformer):
        def visit_Compare(self, node):
            if _is_deadline_comparison(node, scope):
                return ast.copy_location(ast.Constant(True), node)
            return self.generic_visit(node)

    return Strip().visit(copy.deepcopy(condition))


def _raises(body: list[ast.stmt]) -> bool:
    for stmt in body:
        if isinstance(stmt, ast.Raise):
            return True
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and _name(stmt.value.func) == "fail":
            return True
    return False


def _checks(node: ast.AST, in_while: bool = False):
    """(check node, its condition, whether it sits inside a while loop) for every check in
    ``node``'s scope, not entering nested functions."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(child, ast.Assert):
            yield child, child.test, in_while
        elif isinstance(child, ast.If) and _raises(child.body):
            yield child, child.test, in_while
        elif isinstance(child, ast.Call) and (_name(child.func) or "").lower().startswith("assert"):
            yield child, ast.Tuple(elts=[*child.args, *(k.value for k in child.keywords)], ctx=ast.Load()), in_while
        yield from _checks(child, in_while or isinstance(child, ast.While))


def _scopes(tree: ast.Module):
    """(scope node, _Scope) for the module and every function in it, innermost knowing its outer."""
    module = _Scope(tree.body)
    yield tree, module

    def functions(node, outer):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                scope = _Scope(child.body, outer)
                yield child, scope
                yield from functions(child, scope)
            elif isinstance(child, ast.ClassDef):
                yield from functions(child, outer)
            elif not isinstance(child, ast.Lambda):
                yield from functions(child, outer)

    yield from functions(tree, module)


def timed_checks(source: str, filename: str = "<string>") -> list[str]:
    """``file:line: the check's first line`` for every check in ``source`` whose condition
    involves a measured time and is not a deadline (see the module's docstring), in order."""
    tree = ast.parse(source, filename)
    found = set()
    for node, scope in _scopes(tree):
        for check, condition, in_while in _checks(node):
            if not scope.mentions_time(condition):
                continue
            if in_while and not scope.mentions_time(_without_deadlines(condition, scope)):
                continue  # waiting for a condition, until a deadline
            text = ast.get_source_segment(source, check) or ast.dump(check)
            found.add((check.lineno, text.splitlines()[0].strip()))
    return [f"{filename}:{line}: {text}" for line, text in sorted(found)]


def timed_checks_under(paths) -> list[str]:
    """timed_checks of every Python file under ``paths`` (folders or files)."""
    found = []
    for path in map(Path, paths):
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            shown = file.relative_to(ROOT) if file.is_relative_to(ROOT) else file
            found += timed_checks(file.read_text(), str(shown))
    return found


def test_no_test_asserts_a_measured_time():
    files = [f for d in SCANNED for f in d.rglob("*.py")]
    assert len(files) > 10 and ROOT / "tests" / "test_explorer_xor.py" in files  # it reads the real tests
    found = timed_checks_under(SCANNED)
    assert not found, ("checks of a measured time (wall-clock bounds fail on a busy machine with nothing "
                       "wrong; assert behaviour, or wait with a deadline):\n" + "\n".join(found))


# ---- the guard itself: what it flags and what it lets through ---------------------------------
FLAGGED = {
    "the old XOR explorer test's bound": """
        def test_page(page):
            timings = []
            for setting in SETTINGS:
                before = page.evaluate("() => performance.now()")
                page.wait_for_function("...", timeout=10000)
                timings.append(page.evaluate("() => performance.now()") - before)
            assert max(timings) < 1000, timings
        """,
    "a page's clock, under a name that says nothing": """
        def test_page(page):
            a = page.evaluate("() => performance.now()")
            click(page)
            b = page.evaluate("() => Date.now()")
            assert b - a < 500
        """,
    "perf_counter around a call": """
        import time
        def test_fast():
            t0 = time.perf_counter()
            work()
            assert time.perf_counter() - t0 < 1.0
        """,
    "a variable derived from a clock, twice removed": """
        from time import perf_counter
        def test_fast():
            start = perf_counter()
            work()
            spent = perf_counter() - start
            budget_used = spent / 2
            assert budget_used < 0.5, "too slow"
        """,
    "elapsed by its name alone": "def test_x(run):\n    assert run.elapsed < 3\n",
    "time in a longer name": "def test_x(build_time):\n    assert build_time < 60\n",
    "a duration in milliseconds": "def test_x(result):\n    assert result.took_ms <= 200\n",
    "camelCase seconds": "def test_x(stats):\n    assert stats.elapsedSeconds < 2\n",
    "an assert function": """
        import numpy as np
        def test_x(durations):
            np.testing.assert_array_less(durations, 1.0)
        """,
    "an if that fails": """
        import time, pytest
        def test_x():
            started = time.monotonic()
            work()
            if time.monotonic() - started > 5:
                pytest.fail("slow")
        """,
    "a deadline outside any wait is a speed bound": """
        import time
        def test_x():
            deadline = time.monotonic() + 1
            work()
            assert time.monotonic() < deadline
        """,
    "a duration compared inside a loop is still a duration": """
        import time
        def test_x():
            started = time.monotonic()
            while not ready():
                assert time.monotonic() - started < 120
        """,
    "a deadline comparison beside a speed bound": """
        import time
        def test_x():
            deadline = time.monotonic() + 60
            while True:
                t0 = time.perf_counter()
                poll()
                assert time.monotonic() < deadline and time.perf_counter() - t0 < 0.1
        """,
    "at module level, and in a method": """
        import time
        T0 = time.time()
        class TestX:
            def test_x(self):
                self.assertLess(time.time() - T0, 10)
        """,
}

PASSED = {
    "tests_binder's wait for JupyterLab": """
        import time
        def jupyter_lab(server, get):
            deadline = time.monotonic() + 120
            while True:
                if get() == 200:
                    break
                assert server.poll() is None and time.monotonic() < deadline, "JupyterLab did not start"
                time.sleep(0.5)
        """,
    "a wait that raises at its deadline": """
        import time
        def wait(ready):
            deadline = 30 + time.monotonic()
            while not ready():
                if time.monotonic() > deadline:
                    raise TimeoutError("not ready")
                time.sleep(0.1)
        """,
    "a deadline as the loop's own condition": """
        import time
        def wait(ready):
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not ready():
                time.sleep(0.1)
            assert ready()
        """,
    "timeouts given to waiting calls": """
        def test_page(page):
            page.wait_for_function("() => true", timeout=10000)
            result = run(timeout=900)
            assert result.returncode == 0
        """,
    "behaviour, in words that are not time": """
        def test_x(explorer, epochs, run):
            assert explorer.losses.shape == (epochs + 1,)
            assert run.steps[-1] == 100 and timeout_of(run) == 5
            for step in range(10):
                assert step < 10
            assert explorer.final_loss == run.losses[-1]
        """,
    "an HTML <time> element and a count of times": """
        def test_x(line, day, times):
            assert line[0].time["datetime"] == day.isoformat()
            assert times == 3
        """,
    "a zip entry's date_time, a fixed moment": """
        def test_x(infos, DATE):
            stamps = {(i.date_time, i.create_system) for i in infos}
            assert stamps == {(DATE, 3)}
        """,
    "a time in a message, not in the condition": """
        import time
        def test_x(result):
            started = time.monotonic()
            assert result.ok, f"failed after {time.monotonic() - started:.0f} s"
        """,
    "a measured time printed, never asserted": """
        import time
        def build():
            started = time.monotonic()
            run()
            print(f"built in {time.monotonic() - started:.0f} s")
        """,
}


@pytest.mark.parametrize("source", FLAGGED.values(), ids=FLAGGED.keys())
def test_the_guard_flags_a_check_of_a_measured_time(source):
    source = textwrap.dedent(source)
    found = timed_checks(source, "example.py")
    assert len(found) == 1, found
    # it names the file and the line of the check
    line = int(found[0].split(":")[1])
    assert found[0].startswith(f"example.py:{line}: ")
    assert found[0].split(": ", 1)[1].startswith(source.splitlines()[line - 1].strip()[:20])


@pytest.mark.parametrize("source", PASSED.values(), ids=PASSED.keys())
def test_the_guard_lets_deadlines_and_behaviour_through(source):
    assert timed_checks(textwrap.dedent(source), "example.py") == []


if __name__ == "__main__":
    problems = timed_checks_under(sys.argv[1:] or SCANNED)
    print("\n".join(problems) or "no check of a measured time")
    sys.exit(1 if problems else 0)
