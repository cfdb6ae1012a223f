"""``gongkai report …`` — parse, check, render and compare annual reports from the shell.

Exit codes: 0 — all read, no errors; 1 — a report has errors (check, diff); 2 — an input
could not be read (the rest of the batch is still processed). Messages are Chinese, one line
per problem, never a traceback for a user error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from gongkai.report.batch import Outcome, expand, run_batch
from gongkai.report.checks import RULES, SEVERITIES, CheckConfig, Severity, check_pair
from gongkai.report.compare import changed_cells
from gongkai.report.errors import ReportError, ReportReadError
from gongkai.report.readers import read
from gongkai.report.writers import BINARY_FORMATS, FORMATS, render

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE, EXIT_USAGE = 0, 1, 2, 2
_SEVERITY_ZH = {"error": "错误", "warning": "警告", "notice": "提示"}


def add_parser(sub: Any) -> None:
    """Register ``report`` and its commands on the top-level ``gongkai`` parser."""
    report = sub.add_parser("report", help="读取、检查、输出政府信息公开工作年度报告")
    commands = report.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", help="读取报告，输出规范 JSON（--csv 输出长表 CSV）")
    parse.add_argument("paths", nargs="+", metavar="FILE|DIR")
    parse.add_argument("--csv", action="store_true", help="输出长表 CSV 而不是 JSON")
    parse.add_argument("--sources", action="store_true", help="JSON 中附带章节正文和单元格位置")
    _batch_options(parse)
    parse.set_defaults(handler=cmd_parse)

    chk = commands.add_parser("check", help="检查报告，列出错误、警告和提示")
    chk.add_argument("paths", nargs="+", metavar="FILE|DIR")
    chk.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    chk.add_argument(
        "--min-severity", choices=SEVERITIES, default="notice", help="只显示该级别及以上的问题"
    )
    chk.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="RULE=LEVEL",
        help="调整某条规则的级别，如 cell.blank=warning（可重复）",
    )
    chk.add_argument("--summary", action="store_true", help="每份报告只输出一行汇总")
    _batch_options(chk)
    chk.set_defaults(handler=cmd_check)

    rnd = commands.add_parser("render", help="把报告输出为 json、csv、md、html、docx 或 pdf")
    rnd.add_argument("path", metavar="FILE")
    rnd.add_argument("--to", required=True, choices=FORMATS)
    rnd.add_argument(
        "-o", "--output", required=True, help="输出文件；“-”为标准输出（docx、pdf 除外）"
    )
    rnd.set_defaults(handler=cmd_render)

    diff = commands.add_parser("diff", help="比较同一机关两个年度的报告：结转衔接和数字变化")
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--json", action="store_true")
    diff.set_defaults(handler=cmd_diff)

    rules = commands.add_parser("rules", help="列出全部检查规则")
    rules.set_defaults(handler=cmd_rules)


def _batch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-j", "--jobs", type=int, default=None, help="并行进程数（默认：全部核心）")
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条")


def _outcomes(
    args: argparse.Namespace, *, checks: bool, csv: bool = False, config: CheckConfig | None = None
) -> tuple[list[str], Iterable[Outcome]]:
    paths = list(expand(args.paths))
    outcomes: Iterable[Outcome] = run_batch(
        paths, checks=checks, config=config, csv=csv, jobs=args.jobs
    )
    if not args.no_progress and sys.stderr.isatty() and len(paths) > 1:
        from tqdm import tqdm

        outcomes = tqdm(outcomes, total=len(paths), unit="份", file=sys.stderr, leave=False)
    return paths, outcomes


def _unreadable(outcome: Outcome) -> None:
    assert outcome.error is not None
    print(f"{outcome.path}：{outcome.error['message']}", file=sys.stderr)


def cmd_parse(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.sources:
        return _parse_sources(args)
    paths, outcomes = _outcomes(args, checks=False, csv=args.csv)
    status = EXIT_OK
    several = len(paths) != 1
    first = True
    if args.csv:
        out.write("organ,year,table,row_key,row_label,column,value\n")
    elif several:
        out.write("[")
    for outcome in outcomes:
        if outcome.error:
            _unreadable(outcome)
            status = EXIT_UNREADABLE
            continue
        if args.csv:
            assert outcome.csv is not None
            out.write(outcome.csv.split("\n", 1)[1].replace("\r\n", "\n"))
            continue
        text = json.dumps(outcome.canonical, ensure_ascii=False, indent=2)
        if several:
            out.write(("\n" if first else ",\n") + _indent(text))
        else:
            out.write(text + "\n")
        first = False
    if several and not args.csv:
        out.write("\n]\n" if not first else "]\n")
    return status


def _parse_sources(args: argparse.Namespace) -> int:
    status = EXIT_OK
    items = []
    paths = list(expand(args.paths))
    for path in paths:
        try:
            items.append(read(path).to_full())
        except ReportReadError as error:
            print(f"{path}：{error.message}", file=sys.stderr)
            status = EXIT_UNREADABLE
    data: Any = items[0] if len(paths) == 1 and items else items
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return status


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


def _config(args: argparse.Namespace) -> CheckConfig:
    overrides: dict[str, Severity] = {}
    levels: dict[str, Severity] = {s: s for s in SEVERITIES}
    for item in args.severity:
        rule, _, level = item.partition("=")
        if rule not in RULES or level not in levels:
            raise ReportError(
                f"无法识别“{item}”：格式为 规则=error|warning|notice，规则见 gongkai report rules"
            )
        overrides[rule] = levels[level]
    return CheckConfig(severity=overrides)


def cmd_check(args: argparse.Namespace) -> int:
    config = _config(args)
    paths, outcomes = _outcomes(args, checks=True, config=config)
    shown = SEVERITIES[: SEVERITIES.index(args.min_severity) + 1]
    status = EXIT_OK
    totals = {"files": 0, "unreadable": 0, "with_errors": 0}
    several = len(paths) != 1
    out = sys.stdout
    first = True
    if args.json and several:
        out.write("[")
    for outcome in outcomes:
        totals["files"] += 1
        if outcome.error:
            totals["unreadable"] += 1
            status = EXIT_UNREADABLE
            _unreadable(outcome)
        elif outcome.errors:
            totals["with_errors"] += 1
            if status == EXIT_OK:
                status = EXIT_ERRORS
        if args.json:
            item = _check_json(outcome, shown)
            text = json.dumps(item, ensure_ascii=False, indent=2)
            out.write((("\n" if first else ",\n") + _indent(text)) if several else text + "\n")
            first = False
            continue
        if outcome.error:
            continue
        _check_text(outcome, shown, summary_only=args.summary, out=out)
    if args.json and several:
        out.write("\n]\n" if not first else "]\n")
    if not args.json and several:
        ok = totals["files"] - totals["unreadable"] - totals["with_errors"]
        print(
            f"共{totals['files']}份：{ok}份无错误，{totals['with_errors']}份有错误，"
            f"{totals['unreadable']}份无法读取",
            file=out,
        )
    return status


def _check_json(outcome: Outcome, shown: tuple[str, ...]) -> dict[str, Any]:
    canonical = outcome.canonical or {}
    return {
        "file": outcome.path,
        "organ": canonical.get("organ"),
        "year": canonical.get("year"),
        "template": canonical.get("template"),
        "readable": outcome.error is None,
        "error": outcome.error,
        "counts": {s: sum(1 for f in outcome.findings if f["severity"] == s) for s in SEVERITIES},
        "findings": [
            {k: v for k, v in f.items() if k != "text"}
            for f in outcome.findings
            if f["severity"] in shown
        ],
    }


def _check_text(
    outcome: Outcome, shown: tuple[str, ...], *, summary_only: bool, out: IO[str]
) -> None:
    canonical = outcome.canonical or {}
    counts = {s: sum(1 for f in outcome.findings if f["severity"] == s) for s in SEVERITIES}
    organ = canonical.get("organ") or "（未识别机关）"
    year = canonical.get("year") or "？"
    summary = "，".join(f"{counts[s]}个{_SEVERITY_ZH[s]}" for s in SEVERITIES)
    print(
        f"== {outcome.path}：{organ} {year}年度（{canonical.get('template')}年格式）{summary}",
        file=out,
    )
    if summary_only:
        return
    for finding in outcome.findings:
        if finding["severity"] in shown:
            print(f"  {finding['text']}", file=out)


def cmd_render(args: argparse.Namespace) -> int:
    if args.output == "-" and args.to in BINARY_FORMATS:
        raise ReportError(f"{args.to.upper()} 是二进制文件，请用 -o 指定输出文件")
    try:
        report = read(args.path)
    except ReportReadError as error:
        print(f"{args.path}：{error.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    data = render(report, args.to)
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
        print(f"已写出 {args.output}（{len(data):,} 字节）", file=sys.stderr)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    reports = []
    for path in (args.old, args.new):
        try:
            reports.append(read(path))
        except ReportReadError as error:
            print(f"{path}：{error.message}", file=sys.stderr)
            return EXIT_UNREADABLE
    old, new = reports
    if old.year and new.year and old.year > new.year:
        old, new = new, old
    findings = check_pair(old, new)
    changes = changed_cells(old.to_canonical(), new.to_canonical())
    if args.json:
        print(
            json.dumps(
                {
                    "old": {"file": old.source, "organ": old.organ, "year": old.year},
                    "new": {"file": new.source, "organ": new.organ, "year": new.year},
                    "findings": [f.to_json() for f in findings],
                    "changes": changes,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"== {old.organ} {old.year}年度 → {new.organ} {new.year}年度")
        if findings:
            for finding in findings:
                print(f"  {finding.format()}")
        else:
            print("  结转衔接无问题")
        print(f"  数字变化 {len(changes)} 处：")
        for change in changes:
            print(f"    {change['where']}：{_show(change['old'])} → {_show(change['new'])}")
    return EXIT_ERRORS if any(f.severity == "error" for f in findings) else EXIT_OK


def _show(value: Any) -> str:
    names = {None: "（空白）", "absent": "（无此行）", "printed": "（有此行）"}
    return names.get(value, str(value)) if isinstance(value, (str, type(None))) else str(value)


def cmd_rules(args: argparse.Namespace) -> int:
    for rule in RULES.values():
        print(f"{rule.id:42} {_SEVERITY_ZH[rule.severity]}  {rule.title}")
    return EXIT_OK
