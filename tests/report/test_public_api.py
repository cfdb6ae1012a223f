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


def test_draft_and_summary_members() -> None:
    import gongkai.report.draft
    import gongkai.report.summary

    assert sorted(gongkai.report.draft.__all__) == sorted(
        [
            "PLACEHOLDER_MARK",
            "SUB_PARTS",
            "ApplicationFacts",
            "BodyNotes",
            "ChannelFacts",
            "DraftError",
            "FeeFacts",
            "ProactiveFacts",
            "ReviewFacts",
            "application_facts",
            "draft_section_one",
            "draft_section_six",
            "has_placeholders",
            "review_facts",
            "yuan",
        ]
    )
    assert sorted(gongkai.report.summary.__all__) == sorted(
        ["CellRef", "Summary", "check_summary", "summarise"]
    )
    for module in (gongkai.report.draft, gongkai.report.summary):
        for name in module.__all__:
            assert getattr(module, name) is not None
    assert issubclass(gongkai.report.draft.DraftError, gongkai.report.ReportError)


def test_the_core_imports_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, gongkai.report, gongkai.report.checks, gongkai.report.cli;"
        "import gongkai.report.draft, gongkai.report.summary;"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
