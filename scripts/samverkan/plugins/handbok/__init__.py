"""The mkdocs plugin publishing the handbook (``plugins: [samverkan]``)."""
