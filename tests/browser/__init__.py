"""End-to-end tests in headless Chromium (a package, so the browser lives as long as its tests)."""
