"""Adapters for site generators. Only this package imports mkdocs."""
