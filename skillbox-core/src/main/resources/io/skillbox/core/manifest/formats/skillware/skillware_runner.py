"""skillbox's runner for Skillware skills. It is part of skillbox, placed read-only in the sandbox; never in the bundle.

    python3 skillware_runner.py BUNDLE_DIR

Reads the params (a JSON object) on stdin, checks the manifest's requirements can be imported, imports
BUNDLE_DIR/skill.py, finds the one class that extends skillware.core.base_skill.BaseSkill, calls
execute(params) and prints the dict it returns as JSON on stdout. Anything the skill prints goes to stderr,
so stdout holds only the result. A failure ends with one JSON line {"skillware_error": {...}} on stderr and
the exit code of its kind (EXIT below; docs/MANIFEST.md lists them).
"""

import asyncio
import importlib
import importlib.metadata
import importlib.util
import inspect
import json
import math
import os
import re
import sys
import traceback
import types

EXIT = {
    "runner_usage": 10,  # skillbox started the runner wrongly: skillbox's fault
    "missing_requirements": 11,
    "import_failed": 12,
    "class_not_found": 13,
    "skill_raised": 14,
    "result_not_json": 15,
    "result_not_dict": 16,
    "params_not_object": 17,
}
PACKAGE = "skillware_bundle"
# Where an operator's prepared packages appear when the policy's filesystem.systemPaths binds them (docs/MANIFEST.md).
SITE_PACKAGES = "/opt/skillbox/site-packages"
MANIFEST_JSON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "skillware_manifest.json")
REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


class Failure(Exception):
    def __init__(self, kind, message, cause=None):
        super().__init__(message)
        self.kind = kind
        self.cause = cause  # the skill's exception, whose traceback the author needs


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        raise Failure("runner_usage", "usage: skillware_runner.py BUNDLE_DIR")
    bundle = argv[1]
    with open(MANIFEST_JSON, encoding="utf-8") as f:
        manifest = json.load(f)
    params = read_params(sys.stdin.read())
    if os.path.isdir(SITE_PACKAGES):
        sys.path.append(SITE_PACKAGES)
    check_requirements(manifest.get("requirements") or [])
    result_stdout = sys.stdout
    sys.stdout = sys.stderr  # a print() in the skill is a log line, not part of the result
    skill_class = find_class(import_skill(bundle, manifest))
    result = run(skill_class, params)
    text = to_json(result)
    result_stdout.write(text + "\n")
    result_stdout.flush()


def read_params(text):
    try:
        params = json.loads(text) if text.strip() else {}
    except ValueError as e:
        raise Failure("params_not_object", f"the params are not valid JSON: {e}")
    if not isinstance(params, dict):
        raise Failure("params_not_object", f"the params must be a JSON object, not {type(params).__name__}")
    return params


def check_requirements(requirements):
    missing = [r for r in requirements if not installed(r)]
    if missing:
        raise Failure("missing_requirements",
                      "requirements not installed in the sandbox: " + ", ".join(missing)
                      + " (skillbox never installs packages at run time; the operator provides them, see docs/MANIFEST.md)")


def installed(requirement):
    name = REQUIREMENT_NAME.match(requirement).group(1)
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        # Vendored without metadata: importable under its normalised name is good enough.
        return importlib.util.find_spec(name.lower().replace("-", "_").replace(".", "_")) is not None
    specifier = requirement[len(name):].split(";")[0].strip()
    if not specifier or specifier.startswith("["):
        return True
    try:
        from packaging.specifiers import SpecifierSet
    except ImportError:
        return True  # without packaging only presence is checked (documented)
    return version in SpecifierSet(specifier)


def import_skill(bundle, manifest):
    """Imports skill.py as a module of a package rooted at the bundle, so that its relative imports work."""
    from skillware.core import base_skill
    base_skill.BUNDLE_DIR = bundle
    base_skill.BUNDLE_MANIFEST = manifest
    sys.path.insert(1, bundle)  # after the runner's own directory: a bundle cannot replace skillware
    package = types.ModuleType(PACKAGE)
    package.__path__ = [bundle]
    sys.modules[PACKAGE] = package
    try:
        return importlib.import_module(PACKAGE + ".skill")
    except SyntaxError as e:
        raise Failure("import_failed", f"skill.py cannot be imported: {e.msg} (line {e.lineno})", e)
    except Exception as e:
        raise Failure("import_failed", f"skill.py cannot be imported: {describe(e)}", e)


def find_class(module):
    from skillware.core.base_skill import BaseSkill

    def extends(obj):
        return inspect.isclass(obj) and issubclass(obj, BaseSkill) and obj is not BaseSkill

    found = [obj for obj in vars(module).values() if extends(obj)]
    own = [c for c in found if c.__module__ == module.__name__] or found
    concrete = [c for c in own if not inspect.isabstract(c)]
    if len(concrete) == 1:
        return concrete[0]
    if len(concrete) > 1:
        names = ", ".join(sorted(c.__name__ for c in concrete))
        raise Failure("class_not_found", f"skill.py defines {len(concrete)} classes extending BaseSkill ({names}); "
                                         "a Skillware skill defines exactly one")
    if own:
        c = own[0]
        missing = ", ".join(sorted(c.__abstractmethods__))
        raise Failure("class_not_found", f"class {c.__name__} extends BaseSkill but does not implement {missing}")
    raise Failure("class_not_found", "skill.py defines no class extending skillware.core.base_skill.BaseSkill")


def run(skill_class, params):
    try:
        skill = skill_class()
    except Exception as e:
        raise Failure("skill_raised", f"{skill_class.__name__}() raised {describe(e)}", e)
    try:
        result = skill.execute(params)
        if inspect.isawaitable(result):
            result = asyncio.run(result)
    except Exception as e:
        raise Failure("skill_raised", f"execute() raised {describe(e)}", e)
    if not isinstance(result, dict):
        raise Failure("result_not_dict", f"execute() returned {type(result).__name__}, not a dict")
    return result


def to_json(result):
    try:
        return json.dumps(result, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError) as e:
        where = offender(result, "result", 0)
        detail = f"{where[0]} is {where[1]}" if where else describe(e)
        raise Failure("result_not_json", f"execute() returned a dict that is not JSON-serialisable: {detail}")


def offender(value, path, depth):
    """The first value JSON cannot hold, as (path, what it is)."""
    if depth > 100:
        return path, "nested more than 100 levels deep (a cycle?)"
    if value is None or isinstance(value, (str, bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else (path, f"the float {value!r}, which JSON cannot represent")
    if isinstance(value, dict):
        for key, item in value.items():
            if key is not None and not isinstance(key, (str, int, float, bool)):
                return path, f"a dict with a key of type {type(key).__name__}"
            found = offender(item, f"{path}.{key}", depth + 1)
            if found:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = offender(item, f"{path}[{i}]", depth + 1)
            if found:
                return found
        return None
    return path, f"of type {type(value).__name__}"


def describe(e):
    message = " ".join(str(e).split())
    return f"{type(e).__name__}: {message}" if message else type(e).__name__


def fail(failure):
    if failure.cause is not None:
        cause = failure.cause
        traceback.print_exception(type(cause), cause, cause.__traceback__, file=sys.stderr)
    error = {"kind": failure.kind, "exit": EXIT[failure.kind], "message": str(failure)}
    sys.stderr.write(json.dumps({"skillware_error": error}, ensure_ascii=False) + "\n")
    sys.stderr.flush()
    return EXIT[failure.kind]


if __name__ == "__main__":
    try:
        main(sys.argv)
    except Failure as failure:
        sys.exit(fail(failure))
