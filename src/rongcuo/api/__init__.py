"""REST API (DRF): one view per operation, thin, calling the same services as the web pages."""
