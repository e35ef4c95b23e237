"""The project's wiring: settings, URLs, WSGI and middleware. No models, no logic."""
