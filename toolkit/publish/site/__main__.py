"""`python -m toolkit.publish.site`: compile the site's templates into the package, after editing one (see `loader`)."""

from toolkit.publish.site.loader import COMPILED, write_compiled

print(f"compiled {len(write_compiled(COMPILED))} templates into {COMPILED}")
