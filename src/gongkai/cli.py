"""The ``gongkai`` command."""

from __future__ import annotations

import argparse
import signal
import sys

from gongkai import __version__


def main(argv: list[str] | None = None) -> int:
    from gongkai.law import cli as law_cli
    from gongkai.ops import cli as ops_cli
    from gongkai.report import cli as report_cli
    from gongkai.report.errors import ReportError

    parser = argparse.ArgumentParser(
        prog="gongkai", description="gongkai（公开）：政府信息公开工作平台与年度报告工具"
    )
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = parser.add_subparsers(dest="area", required=True, metavar="AREA")
    report_cli.add_parser(sub)
    law_cli.add_parser(sub)  # workdays
    ops_cli.add_parsers(sub)  # backup, restore: Django is imported only when they run
    args = parser.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `gongkai … | head` ends quietly
    try:
        return int(args.handler(args))
    except ReportError as error:
        print(f"gongkai：{error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
