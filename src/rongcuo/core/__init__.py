"""People and places, roles, the append-only hash-chained event log, and document numbers."""
