"""The data: the schema of every table, validation, loading, sessions and the as-of cut."""
