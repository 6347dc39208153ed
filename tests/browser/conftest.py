"""Browser tests use the shared fixtures in tests/conftest.py (``site_url``, ``browser``, ``page``)."""
