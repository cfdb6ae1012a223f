"""Shared test settings: hypothesis profiles.

``HYPOTHESIS_PROFILE=thorough pytest tests/report/test_roundtrip.py tests/report/test_fuzz.py``
runs the property and fuzz tests with many more examples than the everyday ``fast`` profile.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fast",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
