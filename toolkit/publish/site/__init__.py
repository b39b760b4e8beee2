"""A static, offline HTML site of the dataset: where the coverage agrees, and the exact words."""

from toolkit.publish.site.build import Built, SiteError, build_site, release_site, write_site
from toolkit.publish.site.pages import Download, Release, pages

__all__ = ["Built", "Download", "Release", "SiteError", "build_site", "pages", "release_site", "write_site"]
