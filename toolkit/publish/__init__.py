"""What downloaders get: versioned releases, the diff between versions, and the changelog."""
