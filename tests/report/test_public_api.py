"""The library's public API is explicit and pinned."""

from __future__ import annotations

import gongkai.report
import gongkai.report.checks


def test_exported_members() -> None:
    assert sorted(gongkai.report.__all__) == sorted(
        [
            "TEMPLATES",
            "TEMPLATE_2019",
            "TEMPLATE_2021",
            "Cell",
            "Location",
            "Report",
            "ReportError",
            "ReportReadError",
            "Section",
            "Template",
            "read",
            "render",
        ]
    )
    assert sorted(gongkai.report.checks.__all__) == sorted(
        [
            "RULES",
            "SEVERITIES",
            "BodyInfo",
            "CheckConfig",
            "Finding",
            "Rule",
            "Severity",
            "check",
            "check_pair",
            "has_errors",
        ]
    )
    for name in gongkai.report.__all__:
        assert getattr(gongkai.report, name) is not None


def test_the_core_imports_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, gongkai.report, gongkai.report.checks, gongkai.report.cli;"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
