from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import DEMO_PASSWORD, DemoContext
from portal.demo import run_builders


class Command(BaseCommand):
    help = (
        "Build the demo world (areas, workrooms, users, ...). Safe to run again: changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--upto",
            metavar="MODULE",
            help="stop after this builder, e.g. rosters.demo (the full list is in portal/demo.py)",
        )

    def handle(self, *args, **options):
        ctx = DemoContext()
        with transaction.atomic():
            run_builders(ctx, upto=options["upto"])
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / Demo data ready."))
        self.stdout.write(
            f"演示账号（密码均为 {DEMO_PASSWORD}）/ Demo logins (password {DEMO_PASSWORD}):"
        )
        width = max(len(login.username) for login in ctx.logins)
        for login in ctx.logins:
            self.stdout.write(
                f"  {login.username.ljust(width)}  {login.role} · {login.area} · {login.name}"
            )
