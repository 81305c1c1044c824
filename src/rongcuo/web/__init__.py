"""Server-rendered pages for every role (htmx for partial updates), calling the same services as the API."""
