"""API views, one per operation."""
