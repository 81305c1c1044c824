"""Web views, thin: read the request, call a service or selector, render a template."""
