"""``manage.py demo_load``: create the demo bodies and users when missing; print the logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.annual_reports.demo import annual_reports_demo_load
from gongkai.applications.demo import DEMO_STAFF, applications_demo_load
from gongkai.organizations.demo import DEMO_PASSWORD, DEMO_USERS, demo_load
from gongkai.publications.demo import publications_demo_load
from gongkai.search.services import index_rebuild


class Command(BaseCommand):
    help = "创建演示机关和演示用户（已存在的不变），并打印演示账号。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load()
        self.stdout.write(
            f"演示数据：新建机关 {len(result.bodies)} 个，新建用户 {len(result.users)} 个。"
        )
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}，仅供演示，生产环境请勿加载）：")
        for user in DEMO_USERS:
            where = f"{user.body} {user.role}" if user.role else "系统管理员"
            self.stdout.write(f"  {user.username:<14} {where}")
        cases = applications_demo_load()
        made = f"新建用户 {len(cases.users)} 个，新建申请 {len(cases.cases)} 件"
        self.stdout.write(f"演示申请（南郊镇2021年）：{made}。")
        for staff in DEMO_STAFF:
            self.stdout.write(f"  {staff.username:<20} 南郊镇人民政府 {staff.role}")
        published = publications_demo_load()
        counts = "、".join(f"{name} {n} 条" for name, n in published.publications.items())
        self.stdout.write(f"演示主动公开（2021年）：新建信息 {counts or '0 条'}。")
        if any(published.publications.values()):
            # The catalogues are written in bulk, past the per-save hook: index them once.
            rebuilt = index_rebuild()
            took = f"{rebuilt.seconds:.1f} 秒"
            self.stdout.write(f"全文检索：已索引 {rebuilt.entries} 条（{took}）。")
        reports = annual_reports_demo_load()
        self.stdout.write(
            f"演示年度报告（2021年）：新建 {len(reports.reports)} 份"
            + (f"：{'、'.join(reports.reports)}" if reports.reports else "")
            + "。"
        )
