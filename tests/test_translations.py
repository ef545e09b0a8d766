"""Every translation key the code uses exists in both languages (data/translations.yaml and data/translations/*.yaml).

The code is read, not run (ast). A key is found where it reaches a function that translates it:
- t(key, lang), the one translation function;
- a UserError or any subclass of it (AuthError, UploadError, ...): its first argument is a key, shown by the page;
- uploads' Problem (its third field is a key) and url_state.warn (the key waits in session state);
- any function of ours that passes one of its own parameters on to one of the above (page(), submit_form's
  success_key, seed's message, validate's problem(), ...): the arguments given at its call sites and its defaults.
Each such argument is resolved where it is a literal string, either branch of `a if c else b`, a module constant or a
dict of them, or a loop/comprehension variable over literal values. F-strings are expanded over the values of their
parts: found in the code as above, or else listed in domains() below, read from the code's own constants.

What the scanner cannot see, and so does not check: keys that are computed in other ways (e.g. read from the data or
a database column, or an attribute of an object such as `error.key`, which is checked where the error is raised) and
keys passed to functions outside this list. An f-string whose parts are neither found nor listed fails the test:
add its values to domains().
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest
from sqlalchemy import select

from core import audit, auth, db, forms, i18n, models, peers, profile, scoring, status, trends
from core.catalogue import IndicatorSpec, SourcedValue
from core.network import members, steering

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("app.py", "app_pages", "components", "charts", "core", "reports", "bench")
LANGUAGES = ("nb", "en")

# What takes a key at this position (or keyword) and is not found by following parameters into t(): the key is
# kept in an object or in session state and translated later (the page reads problem.key, warning.key).
SEEDS = {
    "t": (0, "key"),
    "UserError": (0, "key"),  # and every subclass, found in the code
    "Problem": (2, "key"),  # core.uploads.errors.Problem(row, column, key, values)
    "Warning": (0, "key"),  # core.network.steering.Warning(key, values)
    "warn": (0, "key"),  # components.url_state.warn(key, **values)
}

def domains(database_url: str) -> dict[str, list[tuple[str, ...]]]:
    """The values of f-string parts the scanner cannot follow: pattern -> the values of each {}.

    Read from the code's constants where it has them, from the data where the values are data; where the code
    writes the values inline, they are listed here with the place that writes them.
    """
    with db.session(database_url) as session:
        qualities = tuple(session.scalars(select(models.Observation.quality).distinct()))
    progress = (trends.REACHED, trends.SUBSTANTIAL, trends.MODERATE_PROGRESS, trends.LIMITED, trends.MODERATE_AWAY,
                trends.AWAY, trends.TOO_FEW)
    return {
        "role.{}": [auth.ROLES],
        "member.kind.{}": [members.KINDS],
        "member.status.{}": [members.STATUSES],
        "steering.kind.{}": [steering.KINDS],
        "colour.{}": [tuple(status.HEX)],
        "colour_meaning.{}.{}": [(status.GREEN, status.RED), literal_values(SourcedValue, "basis")],  # by threshold
        "colour_meaning.{}": [(status.YELLOW, status.ORANGE)],  # core.status.colour_meaning
        "basis.{}": [literal_values(SourcedValue, "basis")],
        "trend.{}": [tuple(trends.ARROWS)],
        "progress.{}": [progress],
        "overview.direction.{}": [literal_values(IndicatorSpec, "direction")],
        "pdf.basis.{}": [("official", *literal_values(IndicatorSpec, "aggregation"))],  # profile_pdf.county_basis
        "profile.type.{}": [profile.LEVELS],
        "structure.{}": [peers.STRUCTURE],
        "lower_rule.{}": [("catalogue", f"p{scoring.WORST_TAIL:g}", f"p{100 - scoring.WORST_TAIL:g}")],  # bounds()
        "quality.{}": [qualities + (aggregate_partial,)],
        "progress.target_origin.{}": [("catalogue", "local")],  # core.scores.Target.origin
        "ssb.stage.{}": [("fetch", "write", "failed", "done")],  # core.ssb.refresh: progress(step, steps, table, stage)
        # core.ssb.refresh: a table run's outcome (TableFailure.kind, or ok in the audit entry of a written table)
        "ssb.outcome.{}": [("ok", "unavailable", "refused", "malformed", "partial", "write")],
        "upload.action.{}": [("new", "change", "unchanged")],  # core.uploads.apply
        "upload.status.{}": [("applied", "undone")],  # models.MemberImport.status
        "audit.action.{}": [audit.ACTIONS],  # core/audit.py: what the gate records, for the audit log page
        "audit.entity.{}": [audit.ENTITIES],
        "audit.field.{}": [audit.FIELDS],
        "work_status.{}": [forms.ACTION_STATUSES + forms.ACTIVITY_STATUSES],  # follow-ups and activities
        # column.{}: a table's own columns, known when it is drawn; the page tests draw every table.
        "column.{}": [()],
    }


aggregate_partial = "aggregated_partial"  # core.queries.national_value's quality when municipalities lack a value


def literal_values(model, field: str) -> tuple[str, ...]:
    """The values of a pydantic field typed Literal[...] (or Literal[...] | None)."""
    annotation = model.model_fields[field].annotation
    literals = [a for a in (get_args(annotation) or (annotation,)) if get_origin(a) is Literal] or [annotation]
    return tuple(value for literal in literals for value in get_args(literal))


@dataclass(frozen=True)
class Use:
    key: str
    where: str


def python_files() -> Iterator[Path]:
    for name in SCANNED:
        path = ROOT / name
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


def parsed() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for path in python_files()}


def called_name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def key_argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for argument in call.keywords:
        if argument.arg == keyword:
            return argument.value
    if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        return call.args[position]
    return None


def parameters(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[ast.arg]:
    args = function.args
    listed = args.posonlyargs + args.args
    if listed and listed[0].arg in ("self", "cls"):
        listed = listed[1:]
    return listed + args.kwonlyargs


def user_error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """UserError and every class derived from it, by name."""
    found, grew = {"UserError"}, True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in found:
                    bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", None) for b in node.bases}
                    if bases & found:
                        found.add(node.name)
                        grew = True
    return found


@dataclass(frozen=True)
class KeyParameter:
    """A parameter that takes a translation key: of a seed (any callable of that name), or of one function of ours."""

    position: int
    keyword: str
    definition: ast.FunctionDef | None = None


def translating_functions(trees: dict[Path, ast.Module], scopes: dict[Path, Scope]) -> dict[str, set[KeyParameter]]:
    """name -> the parameters that take a translation key; a function of ours takes one where it passes one of its
    own parameters on to such a parameter (found to a fixed point)."""
    translating = {name: {KeyParameter(*spec)} for name, spec in SEEDS.items()}
    for name in user_error_classes(trees):
        translating[name] = {KeyParameter(*SEEDS["UserError"])}
    grew = True
    while grew:
        grew = False
        for path, tree in trees.items():
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                own = {arg.arg: i for i, arg in enumerate(parameters(function))}
                for call in ast.walk(function):
                    for taken in key_parameters(call, scopes[path], translating):
                        argument = key_argument(call, taken.position, taken.keyword)
                        if isinstance(argument, ast.Name) and argument.id in own:
                            found = KeyParameter(own[argument.id], argument.id, function)
                            if found not in translating.setdefault(function.name, set()):
                                translating[function.name].add(found)
                                grew = True
    return translating


def key_parameters(call: ast.AST, scope: Scope, translating: dict[str, set[KeyParameter]]) -> list[KeyParameter]:
    """The key parameters of what this call calls: a seed by its name, a function of ours only if the call is
    to that very function (two functions may share a name)."""
    if not isinstance(call, ast.Call) or called_name(call) not in translating:
        return []
    taken, callee = [], None
    for parameter in translating[called_name(call)]:
        if parameter.definition is None:
            taken.append(parameter)
            continue
        if callee is None:
            callee = resolved(call.func, scope, 0) or []
        if any(node is parameter.definition for node in callee):
            taken.append(parameter)
    return taken


class Element(ast.expr):
    """What a loop variable holds: an element of iterating over `iterable`, or its part `index` when unpacked."""

    _fields = ("iterable",)

    def __init__(self, iterable: ast.expr, index: int | None):
        super().__init__()
        self.iterable, self.index = iterable, index


class Scope:
    """What a name can hold where it is used: module constants and the bindings of the enclosing functions."""

    def __init__(self, tree: ast.Module, scopes: dict[str, Scope]):
        self.parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        self.module = self._bindings(tree)
        self.local: dict[ast.AST, dict[str, list[ast.expr]]] = {}
        self.scopes = scopes  # every scanned module's scope by its dotted name, for imported constants
        self.modules: dict[str, str] = {}  # local name -> module (from core import auth; import core.peers as peers)
        self.imported: dict[str, tuple[str, str]] = {}  # local name -> (module, name) (from core.status import HEX)
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    dotted = f"{node.module}.{alias.name}"
                    if dotted in scopes or (ROOT / dotted.replace(".", "/")).with_suffix(".py").is_file():
                        self.modules[alias.asname or alias.name] = dotted
                    else:
                        self.imported[alias.asname or alias.name] = (node.module, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.modules[alias.asname] = alias.name

    def constant(self, module: str, name: str) -> list[ast.expr] | None:
        """A module-level binding of another scanned module."""
        scope = self.scopes.get(module)
        if scope is None:
            return None
        if name in scope.module:
            return scope.module[name]
        if name in scope.imported:
            return scope.constant(*scope.imported[name])
        return None

    def attribute(self, node: ast.Attribute) -> list[ast.expr] | None:
        """module.CONSTANT, for a module imported under that name."""
        if isinstance(node.value, ast.Name) and node.value.id in self.modules:
            return self.constant(self.modules[node.value.id], node.attr)
        return None

    def _bindings(self, owner: ast.AST) -> dict[str, list[ast.expr]]:
        bound: dict[str, list[ast.expr]] = {}
        for node in ast.walk(owner):
            if self._in_nested_function(node, owner):
                continue
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(target, ast.Name):
                        bound.setdefault(target.id, []).append(node.value)
                    elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):  # A, B = "a", "b"
                        for name, value in zip(target.elts, node.value.elts, strict=False):
                            if isinstance(name, ast.Name):
                                bound.setdefault(name.id, []).append(value)
                    elif isinstance(target, ast.Tuple):  # way, amount = f(...): a part of what f returns
                        for index, name in enumerate(target.elts):
                            if isinstance(name, ast.Name):
                                bound.setdefault(name.id, []).append(Element(ast.List(elts=[node.value]), index))
            elif isinstance(node, ast.FunctionDef) and node is not owner and not isinstance(
                    self.parents.get(node), ast.ClassDef):
                bound.setdefault(node.name, []).append(node)  # a function defined here: its key parameters, returns
            elif isinstance(node, ast.For | ast.comprehension):
                if isinstance(node.target, ast.Name):
                    bound.setdefault(node.target.id, []).append(Element(node.iter, None))
                elif isinstance(node.target, ast.Tuple):
                    for index, name in enumerate(node.target.elts):
                        if isinstance(name, ast.Name):
                            bound.setdefault(name.id, []).append(Element(node.iter, index))
        return bound

    def _in_nested_function(self, node: ast.AST, owner: ast.AST) -> bool:
        while node in self.parents and node is not owner:
            node = self.parents[node]
            if node is not owner and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                return True
        return False

    def enclosing_function(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                return node
        return None

    def lookup(self, name: str, at: ast.AST) -> list[ast.expr] | None:
        function = self.enclosing_function(at)
        while function is not None:
            if function not in self.local:
                self.local[function] = self._bindings(function)
            if name in self.local[function]:
                return self.local[function][name]
            if name in {arg.arg for arg in parameters(function)}:
                if isinstance(function, ast.Lambda):  # st.selectbox(label, options, format_func=lambda o: ...)
                    options = self.format_func_options(function)
                    return [Element(options, None)] if options is not None else None
                return None  # a parameter: its values are read at the call sites
            function = self.enclosing_function(function)
        if name in self.module:
            return self.module[name]
        return self.constant(*self.imported[name]) if name in self.imported else None

    def format_func_options(self, function: ast.Lambda) -> ast.expr | None:
        """The options a Streamlit widget hands to its format_func: its `options` keyword or second argument."""
        call = self.parents.get(self.parents.get(function))
        keyword = self.parents.get(function)
        if not (isinstance(call, ast.Call) and isinstance(keyword, ast.keyword) and keyword.arg == "format_func"):
            return None
        return key_argument(call, 1, "options")


UNKNOWN = None


def owner(node: ast.AST, scope: Scope) -> Scope:
    """The scope a node belongs to: a constant found in another module is read in that module."""
    if node in scope.parents:
        return scope
    for other in scope.scopes.values():
        if node in other.parents:
            return other
    return scope


def union(parts) -> set[str] | None:
    found = set()
    for part in parts:
        if part is UNKNOWN:
            return UNKNOWN
        found |= part
    return found


def values(node: ast.expr, scope: Scope, depth: int = 0) -> set[str] | None:
    """Every string the expression can be, or UNKNOWN when that cannot be read from the code."""
    scope = owner(node, scope)
    if depth > 12:
        return UNKNOWN
    if isinstance(node, ast.Constant):
        return {str(node.value)} if isinstance(node.value, str | int) else UNKNOWN
    if isinstance(node, ast.IfExp):
        return union([values(node.body, scope, depth + 1), values(node.orelse, scope, depth + 1)])
    if isinstance(node, ast.Name | ast.Attribute):
        bound = scope.lookup(node.id, node) if isinstance(node, ast.Name) else scope.attribute(node)
        return union(values(b, owner(b, scope), depth + 1) for b in bound) if bound else UNKNOWN
    if isinstance(node, Element):
        found = elements(node.iterable, scope, depth + 1)
        if found is UNKNOWN:
            return UNKNOWN
        if node.index is not None:
            found = [p for e in found for p in parts(e, node.index, scope, depth + 1) or [UNKNOWN]]
        return union(values(e, scope, depth + 1) if e is not UNKNOWN else UNKNOWN for e in found)
    if isinstance(node, ast.Subscript):
        if isinstance(node.slice, ast.Constant):  # CONSTANT[0], MAPPING["x"]
            found = parts(node.value, node.slice.value, scope, depth + 1)
            return union(values(p, scope, depth + 1) for p in found) if found else UNKNOWN
        collections = resolved(node.value, scope, depth + 1)  # MAPPING[kind]: any of its values
        if not collections or not all(isinstance(c, ast.Dict) for c in collections):
            return UNKNOWN
        return union(values(v, scope, depth + 1) for c in collections for v in c.values)
    if isinstance(node, ast.JoinedStr):
        pieces = []
        for piece in node.values:
            if isinstance(piece, ast.FormattedValue):
                found = values(piece.value, scope, depth + 1)
                if found is UNKNOWN:
                    return UNKNOWN
                pieces.append(sorted(found))
            else:
                pieces.append([str(piece.value)])
        return {"".join(p) for p in itertools.product(*pieces)}
    return UNKNOWN


def resolved(node: ast.expr, scope: Scope, depth: int) -> list[ast.expr] | None:
    """The literal(s) a name stands for, either branch of `a if c else b`, what a function of ours returns; the
    node itself otherwise."""
    scope = owner(node, scope)
    if depth > 12:
        return UNKNOWN
    if isinstance(node, ast.IfExp):
        body, orelse = resolved(node.body, scope, depth + 1), resolved(node.orelse, scope, depth + 1)
        return UNKNOWN if UNKNOWN in (body, orelse) else body + orelse
    if isinstance(node, ast.Call):  # way, amount = largest_difference(...): the values its returns give
        functions = resolved(node.func, scope, depth + 1)
        if not functions or not all(isinstance(f, ast.FunctionDef) for f in functions):
            return [node]
        found = []
        for function in functions:
            for returned in returns(function):
                inner = resolved(returned, owner(returned, scope), depth + 1)
                if inner is UNKNOWN:
                    return UNKNOWN
                found += inner
        return found
    if isinstance(node, ast.Name | ast.Attribute):
        bound = scope.lookup(node.id, node) if isinstance(node, ast.Name) else scope.attribute(node)
        if not bound:
            return UNKNOWN if isinstance(node, ast.Name) else [node]
        found = []
        for b in bound:
            inner = resolved(b, owner(b, scope), depth + 1) if depth < 12 else UNKNOWN
            if inner is UNKNOWN:
                return UNKNOWN
            found += inner
        return found
    return [node]


def returns(function: ast.FunctionDef) -> list[ast.expr]:
    """The values the function's own return statements give (not those of functions defined inside it)."""
    found, todo = [], list(function.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Return) and node.value is not None:
            found.append(node.value)
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            todo.extend(ast.iter_child_nodes(node))
    return found


def parts(node: ast.expr, index, scope: Scope, depth: int) -> list[ast.expr] | None:
    """node[index] for every literal tuple, list or dict node can be; UNKNOWN if any is not one."""
    found = []
    for literal in resolved(node, scope, depth) or [None]:
        if isinstance(literal, ast.Tuple | ast.List) and isinstance(index, int) and index < len(literal.elts):
            found.append(literal.elts[index])
        elif isinstance(literal, ast.Dict) and any(isinstance(k, ast.Constant) and k.value == index
                                                   for k in literal.keys):
            found += [v for k, v in zip(literal.keys, literal.values, strict=True)
                      if isinstance(k, ast.Constant) and k.value == index]
        else:
            return UNKNOWN
    return found


def elements(node: ast.expr, scope: Scope, depth: int) -> list[ast.expr] | None:
    """What iterating over node gives, as expressions: literal collections, dict keys, .items(), range(), ..."""
    scope = owner(node, scope)
    if depth > 12:
        return UNKNOWN
    if isinstance(node, ast.Call) and called_name(node) == "range":
        bounds = [b.value for b in node.args if isinstance(b, ast.Constant) and isinstance(b.value, int)]
        return [ast.Constant(n) for n in range(*bounds)] if len(bounds) == len(node.args) else UNKNOWN
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args:
        method = node.func.attr
        if method in ("items", "keys", "values"):
            mappings = resolved(node.func.value, scope, depth + 1)
            if not mappings or not all(isinstance(m, ast.Dict) for m in mappings):
                return UNKNOWN
            pairs = [(k, v) for m in mappings for k, v in zip(m.keys, m.values, strict=True)]
            return [{"items": ast.Tuple(elts=[k, v]), "keys": k, "values": v}[method] for k, v in pairs]
        return UNKNOWN
    if isinstance(node, ast.Name | ast.Attribute):
        bound = scope.lookup(node.id, node) if isinstance(node, ast.Name) else scope.attribute(node)
        if not bound:
            return UNKNOWN
        found = []
        for b in bound:
            inner = elements(b, owner(b, scope), depth + 1)
            if inner is UNKNOWN:
                return UNKNOWN
            found += inner
        return found
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        found = []
        for element in node.elts:
            if isinstance(element, ast.Starred):
                inner = elements(element.value, scope, depth + 1)
                if inner is UNKNOWN:
                    return UNKNOWN
                found += inner
            else:
                found.append(element)
        return found
    if isinstance(node, ast.Dict):
        return list(node.keys)
    if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
        return [node.elt]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = elements(node.left, scope, depth + 1), elements(node.right, scope, depth + 1)
        return UNKNOWN if UNKNOWN in (left, right) else left + right
    if isinstance(node, Element):  # a loop over a loop variable: for key in entries, entries from MAPPING.items()
        outer = elements(node.iterable, scope, depth + 1)
        if outer is UNKNOWN:
            return UNKNOWN
        found = []
        for element in outer:
            for inner in parts(element, node.index, scope, depth + 1) if node.index is not None else [element]:
                inner = elements(inner, scope, depth + 1) if inner is not UNKNOWN else UNKNOWN
                if inner is UNKNOWN:
                    return UNKNOWN
                found += inner
        return found
    return UNKNOWN


def pattern(node: ast.JoinedStr) -> str:
    return "".join("{}" if isinstance(p, ast.FormattedValue) else str(p.value) for p in node.values)


def from_domains(node: ast.JoinedStr, known: dict[str, list[tuple[str, ...]]]) -> set[str] | None:
    domain = known.get(pattern(node))
    if domain is None:
        return None
    return {pattern(node).format(*combination) for combination in itertools.product(*domain)}


def used_keys(known: dict[str, list[tuple[str, ...]]]) -> tuple[list[Use], list[str], set[str]]:
    """Every key found in the code, the f-string patterns that could be neither resolved nor looked up, and the
    patterns that were looked up."""
    trees = parsed()
    by_module: dict[str, Scope] = {}
    scopes = {}
    for path, tree in trees.items():
        dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        scopes[path] = by_module[dotted] = Scope(tree, by_module)
    translating = translating_functions(trees, scopes)
    uses, unknown_patterns, looked_up = [], [], set()
    for path, tree in trees.items():
        scope = scopes[path]
        for call in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(call, 'lineno', 0)}"
            for taken in key_parameters(call, scope, translating):
                argument = key_argument(call, taken.position, taken.keyword)
                keys = values(argument, scope) if argument is not None else UNKNOWN
                if keys is UNKNOWN and isinstance(argument, ast.JoinedStr):
                    keys = from_domains(argument, known)
                    looked_up.add(pattern(argument))
                    if keys is None:
                        unknown_patterns.append(f"{where}: {pattern(argument)}")
                uses += [Use(key, where) for key in keys or ()]
    for parameter in {p for taken in translating.values() for p in taken if p.definition is not None}:
        function = parameter.definition  # its default, e.g. seed(..., message="warning.bad_value")
        path = next(path for path, tree in trees.items() if function in scopes[path].parents)
        positional = [a.arg for a in function.args.posonlyargs + function.args.args]
        defaults = dict(zip(positional[::-1], function.args.defaults[::-1], strict=False))
        defaults |= {a.arg: d for a, d in zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True)
                     if d is not None}
        if parameter.keyword in defaults:
            found = values(defaults[parameter.keyword], scopes[path])
            uses += [Use(key, f"{path.relative_to(ROOT)}:{function.lineno}") for key in found or ()]
    return uses, unknown_patterns, looked_up


KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$")


@pytest.fixture(scope="module")
def known(built_database) -> dict[str, list[tuple[str, ...]]]:
    return domains(built_database)


@pytest.fixture(scope="module")
def found(known) -> tuple[list[Use], list[str], set[str]]:
    return used_keys(known)


def test_every_key_used_in_code_exists_in_both_languages(found):
    uses = found[0]
    texts = i18n._texts()
    missing = sorted({f"{use.key} ({use.where}): " + ", ".join(lang for lang in LANGUAGES
                                                                  if not (texts.get(use.key) or {}).get(lang))
                      for use in uses if not all((texts.get(use.key) or {}).get(lang) for lang in LANGUAGES)})
    assert not missing, "translation keys missing (add them to data/translations/*.yaml):\n" + "\n".join(missing)


def test_every_f_string_key_can_be_enumerated(found):
    unknown_patterns = found[1]
    assert not unknown_patterns, "keys built from values the test cannot list (add them to domains()):\n" + "\n".join(
        unknown_patterns)


def test_every_listed_pattern_is_still_used(found, known):
    unused = sorted(set(known) - found[2])
    assert not unused, f"no longer built in the code, remove from domains(): {unused}"


def test_the_scanner_sees_the_kinds_of_use_it_promises(found):
    """Guards the scanner itself: one known key of each kind of use must be among those found."""
    keys = {use.key for use in found[0]}
    assert {
        "overview.no_data",  # t("...") with a literal
        "page.overview",  # through app.py's page(path, key, ...)
        "warning.bad_value",  # a parameter's default: url_state.seed(message=...)
        "upload.instruction.9",  # a module constant built by a comprehension over range()
        "profile.median_kostra",  # a dict of keys: t(MEDIAN_LABELS[kind])
        "role.admin",  # an f-string over domains()
    } <= keys
    assert all(KEY_SHAPE.match(key) for key in keys), sorted(k for k in keys if not KEY_SHAPE.match(k))


def test_every_text_has_both_languages_and_the_same_placeholders():
    placeholder = re.compile(r"{(\w+)}")
    uneven = []
    for key, entry in i18n._texts().items():
        if not all(isinstance(entry.get(lang), str) and entry[lang].strip() for lang in LANGUAGES):
            uneven.append(f"{key}: missing a language")
        elif set(placeholder.findall(entry["nb"])) != set(placeholder.findall(entry["en"])):
            uneven.append(f"{key}: placeholders differ")
    assert not uneven, "\n".join(uneven)
