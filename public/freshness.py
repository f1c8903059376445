"""When the cached public pages go stale (filled in with the pages)."""
