"""Frictionless, confined: it reads only regular files inside the package and opens no connection.

The trust boundary (`boundary`) refuses every descriptor value that leads
outside before frictionless sees it; this is the second wall, for what a check
could miss or a later frictionless release could start to follow. A plugin
registered first answers `create_loader` for every resource, and its loader
opens only what `boundary.inside` accepts; the HTTP session, which frictionless
uses for remote data, descriptors, profiles and their `$ref`s, refuses every
request. Plugins and `system.use_context` are frictionless's public extension API.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

import frictionless
import requests
from frictionless import FrictionlessException, Loader, Plugin, errors

from toolkit.engine.boundary import inside, is_url
from toolkit.problems import Fatal

_NAME = "toolkit-confined"


@contextmanager
def confined(root: Path) -> Iterator[None]:
    """Within this context, frictionless reads only regular files inside root and never the network."""
    session = requests.Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, _Offline())
    frictionless.system.register(_NAME, _ConfinedPlugin(root))
    try:
        with frictionless.system.use_context(trusted=False, http_session=session):
            yield
    finally:
        frictionless.system.deregister(_NAME)
        session.close()


class _Offline(requests.adapters.BaseAdapter):
    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        raise requests.ConnectionError(f"network access is disabled: {request.url} is not fetched")

    def close(self) -> None:
        pass


class _ConfinedPlugin(Plugin):
    def __init__(self, root: Path) -> None:
        self.root = root

    def create_loader(self, resource: Any) -> Loader | None:
        if resource.scheme == "multipart":  # its parts come back here one by one
            return None
        return _ConfinedLoader(resource, self.root)


class _ConfinedLoader(Loader):
    def __init__(self, resource: Any, root: Path) -> None:
        super().__init__(resource)
        self.root = root

    def read_byte_stream_create(self) -> Any:
        normpath = self.resource.normpath
        base = os.path.abspath(self.root)
        full = normpath if isinstance(normpath, str) and os.path.isabs(normpath) else os.path.join(os.getcwd(), str(normpath))
        if not isinstance(normpath, str) or is_url(normpath) or ".." in PurePosixPath(full).parts \
                or os.path.commonpath([base, full]) != base:
            raise FrictionlessException(errors.SchemeError(note=f"{normpath!r} is not a file inside the package"))
        try:
            target = inside(Path(base), os.path.relpath(full, base), "")
        except Fatal as fatal:
            raise FrictionlessException(errors.SchemeError(note=fatal.problem.message)) from None
        return open(target, "rb")
