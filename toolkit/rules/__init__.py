"""This dataset's own rules: typed rows, the integrity checks, and whether the articles agree."""
