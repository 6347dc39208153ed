"""Search tests use the shared fixtures in tests/conftest.py (one server, one Chromium per session)."""
