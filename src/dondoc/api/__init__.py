"""REST API (Django REST framework, OpenAPI from drf-spectacular)."""
