"""Pages: Django templates with htmx."""
