"""The trust boundary: what a descriptor may make the toolkit, or frictionless, read.

`toolkit validate` runs in CI on pull requests from strangers, next to the
checkout's credentials, so a descriptor is untrusted input. Before anything
follows it, it is read strictly (UTF-8 JSON without duplicate keys, bounded in
size and depth) and every value that frictionless would follow (`path`,
`extrapaths`, `url`, `schema`, `dialect`, a custom `profile` and the `$ref`s
inside it) must name a regular file inside the package directory: no URL, no
absolute path, no `..`, no hidden file (`.git/config`), no symlink on the way.
Anything else is refused with `path-outside` and nothing is read at all.

Frictionless then runs confined (see `confine`), so that even a value this
module missed could not reach the network or a file outside.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from toolkit.problems import Fatal, Problem, problem

MAX_JSON = 10_000_000  # bytes of a descriptor, schema or dialect file; the bundled descriptor is 3 KB
MAX_DEPTH = 64  # levels of nesting in those files; a descriptor needs about 8
PACKAGE_PROFILES = {"data-package", "tabular-data-package"}
RESOURCE_PROFILES = {"data-resource", "tabular-data-resource"}
FETCHED_PROFILES = {"fiscal-data-package"}  # names frictionless turns into a URL


def read_metadata(path: Path, shown: str, code: str = "package-error") -> Any:
    """A descriptor, schema or dialect file as frictionless reads it: YAML if its name ends in .yaml, else JSON."""
    return read_yaml(path, shown, code) if path.name.endswith(".yaml") else read_json(path, shown, code)


def read_json(path: Path, shown: str, code: str = "package-error") -> Any:
    """A JSON file as frictionless would read it, refusing what could mislead a reviewer or exhaust memory.

    A file that is not UTF-8 JSON is `code`, frictionless's error type for the document (package-error for a
    descriptor, schema-error for a schema...); the limits and repeated keys are the toolkit's own (package-invalid)."""
    text = _text(path, shown, code)
    repeated: dict[int, list[str]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in items:
            if key in found:
                repeated.setdefault(id(found), []).append(key)
            found[key] = value
        return found

    try:
        value = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        raise Fatal(problem(code, shown, error.lineno, note=f"it is not valid JSON ({error.msg})")) from None
    except RecursionError:
        raise _too_deep(shown) from None
    return _bounded(value, shown, repeated)


def read_yaml(path: Path, shown: str, code: str = "package-error") -> Any:
    """A YAML file as frictionless reads it (yaml.safe_load: a date stays a date, which frictionless then judges),
    with read_json's limits. An alias is refused: a few lines of them can stand for more nodes than any check
    could visit (frictionless would expand them)."""
    import yaml  # frictionless's dependency; needed only for the rare YAML descriptor

    text = _text(path, shown, code)

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                line = self.peek_event().start_mark.line + 1
                raise Fatal(problem("package-invalid", shown, line, reason="it uses a YAML alias (*name); write the value out in full"))
            return super().compose_node(parent, index)

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
            for i, key in enumerate(keys):
                if key in keys[:i]:
                    line = node.value[i][0].start_mark.line + 1
                    raise Fatal(problem("package-invalid", shown, line, reason=f"key {key!r} is repeated, and a reader would see only the last one"))
            return super().construct_mapping(node, deep)

    try:
        value = yaml.load(text, Loader=Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise Fatal(problem(code, shown, mark.line + 1 if mark else None, note=f"it is not valid YAML ({getattr(error, 'problem', None) or error})")) from None
    except RecursionError:
        raise _too_deep(shown) from None
    return _bounded(value, shown, {})  # a repeated key is refused as the loader meets it


def _bounded(value: Any, shown: str, repeated: dict[int, list[str]]) -> Any:
    """The document, once no part is nested too deep and no object (by id, in `repeated`) repeats a key."""
    for where, node, depth in _nodes(value):
        if depth > MAX_DEPTH:
            raise _too_deep(shown, where or None)
        for key in repeated.get(id(node), []):
            field = _join(where, key)
            raise Fatal(problem("package-invalid", shown, field=field, reason=f"key {key!r} is repeated, and a reader would see only the last one"))
    return value


def _too_deep(shown: str, where: str | None = None) -> Fatal:
    return Fatal(problem("package-invalid", shown, field=where, reason=f"it is nested more than {MAX_DEPTH} levels deep"))


def _text(path: Path, shown: str, code: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_JSON:
            raise Fatal(problem("package-invalid", shown, reason=f"it is {size:,} bytes, over the limit of {MAX_JSON:,}"))
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise Fatal(problem(code, shown, note=f"it is not UTF-8 ({error.reason})")) from None


def _nodes(value: Any) -> Iterator[tuple[str, Any, int]]:
    """Every object and array, with its path and depth, without recursion (the input may be deep)."""
    stack = [("", value, 1)]
    while stack:
        where, node, depth = stack.pop()
        if isinstance(node, dict):
            yield where, node, depth
            stack.extend((_join(where, key), child, depth + 1) for key, child in node.items() if isinstance(child, (dict, list)))
        elif isinstance(node, list):
            yield where, node, depth
            stack.extend((f"{where}[{i}]", child, depth + 1) for i, child in enumerate(node) if isinstance(child, (dict, list)))


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def followed(descriptor: dict[str, Any]) -> Iterator[tuple[str, Any, str]]:
    """Every value frictionless would open, with where it stands and what it is (data, json or profile)."""
    profile = descriptor.get("profile")
    if profile is not None and not (isinstance(profile, str) and profile in PACKAGE_PROFILES):
        yield "profile", profile, "profile"
    for i, resource in enumerate(descriptor.get("resources") or []):
        if not isinstance(resource, dict):
            continue
        where = f"resources[{i}]"
        path = resource.get("path")
        for j, item in enumerate(path) if isinstance(path, list) else [(None, path)] if path is not None else []:
            yield f"{where}.path" if j is None else f"{where}.path[{j}]", item, "data"
        if path is None and resource.get("data") is None and resource.get("url") is not None:
            yield f"{where}.url", resource["url"], "data"  # a Data Package v0 `url` becomes the path
        extra = resource.get("extrapaths")
        for j, item in enumerate(extra) if isinstance(extra, list) else [(None, extra)] if extra is not None else []:
            yield f"{where}.extrapaths" if j is None else f"{where}.extrapaths[{j}]", item, "data"
        for key in ("schema", "dialect"):  # as a file name; any other type is frictionless's to judge
            if isinstance(resource.get(key), str):
                yield f"{where}.{key}", resource[key], "json"
        profiles = [("profile", resource.get("profile"))]
        if isinstance(resource.get("profiles"), list):
            profiles += [(f"profiles[{j}]", item) for j, item in enumerate(resource["profiles"])]
        for key, item in profiles:
            if item is not None and not (isinstance(item, str) and item in RESOURCE_PROFILES):
                yield f"{where}.{key}", item, "profile"


def refusals(descriptor: dict[str, Any], root: Path, shown: str) -> Iterator[Problem]:
    """Every value of the descriptor that would make frictionless read outside the package or fetch a URL."""
    for where, value, kind in followed(descriptor):
        if not isinstance(value, str) or not value:
            code = "resource-error" if where.startswith("resources[") else "package-error"
            yield problem(code, shown, field=where, note=f"{where} must be a non-empty string")
            continue
        if kind == "profile" and value in FETCHED_PROFILES:
            yield problem("path-outside", shown, None, where, value, path=value, reason="frictionless fetches this profile from the web")
            continue
        try:
            target = inside(root, value, shown, where)
        except Fatal as fatal:
            if fatal.problem.code == "path-outside":
                yield fatal.problem
            elif kind == "profile":  # frictionless: metadata-error, "cannot retrieve metadata"
                yield problem("metadata-error", shown, field=where, value=value,
                              note=f"profile {value!r} is neither a standard profile name nor a JSON Schema file in the package")
            continue  # a missing file is reported where it is read, as for any table
        if kind == "profile":
            yield from _profile_refs(target, root, PurePosixPath(value).as_posix(), shown, where)


def _profile_refs(target: Path, root: Path, relative: str, shown: str, where: str) -> Iterator[Problem]:
    """A custom profile is a JSON Schema; its `$ref`s are followed too, so they may only point inside it."""
    try:
        profile = read_json(target, relative, "metadata-error")
    except Fatal as fatal:
        yield fatal.problem
        return
    for place, node, _ in _nodes(profile):
        for key in ("$ref", "$dynamicRef", "$recursiveRef", "$id"):
            ref = node.get(key) if isinstance(node, dict) else None
            if ref is not None and not (isinstance(ref, str) and ref.startswith("#")):
                yield problem("path-outside", relative, field=_join(place, key), value=ref, path=str(ref),
                              reason="a profile may refer only to its own parts (#...)")


def inside(root: Path, relative: str, shown: str, where: str | None = None, line: int | None = None) -> Path:
    """The regular file `relative` names inside root; raise Fatal (path-outside, file-missing, file-not-regular) otherwise."""

    def refuse(reason: str) -> Fatal:
        return Fatal(problem("path-outside", shown, line, where, relative, path=relative, reason=reason))

    if "\x00" in relative:
        raise refuse("it contains a NUL character")
    if is_url(relative):
        raise refuse("it is a URL, and nothing is ever fetched")
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    if PurePosixPath(relative).is_absolute() or os.path.isabs(relative) or relative.startswith("~"):
        raise refuse("it is an absolute path")
    if ".." in parts:
        raise refuse("it goes up with '..'")
    if any(part.startswith(".") for part in parts):
        raise refuse("it names a hidden file or directory, such as .git")
    target = root
    for depth, part in enumerate(parts, 1):
        target = target / part
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            raise Fatal(problem("file-missing", shown, line, where, relative, path=relative)) from None
        except OSError as error:  # e.g. a name too long, or a file where a directory should be
            raise Fatal(problem("file-missing", shown, line, where, relative, path=f"{relative} ({error.strerror})")) from None
        if stat.S_ISLNK(mode):
            raise refuse("it passes through a symlink")
        if depth == len(parts) and not stat.S_ISREG(mode):
            raise Fatal(problem("file-not-regular", shown, line, where, relative, path=relative))
    if not parts:
        raise Fatal(problem("file-not-regular", shown, line, where, relative, path=relative))
    return target


def is_url(value: str) -> bool:
    """As frictionless decides it: any scheme (`http:`, `file:`, `s3:`...), except a Windows drive letter."""
    try:
        scheme = urlparse(value).scheme
    except ValueError:
        return True
    return bool(scheme) and not (len(scheme) == 1 and value[1:3] in (":\\", ":/"))
