"""What every demo builder shares: the context (the day, a seeded random, the objects made so
far), invented names and phone numbers, the demo password. The builders themselves live in
each app (``<app>/demo.py``) and are run in order by ``portal.demo`` (``python manage.py demo``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

DEMO_PASSWORD = "Demo-2026"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力波宁鹏飞斌宇浩凯健俊帆帅旭晨阳婷雪琳倩颖慧欣悦佳怡梅琴云志国海峰亮林荣新春燕凤晓东"


@dataclass
class Login:
    role: str
    area: str
    username: str
    name: str


@dataclass
class DemoContext:
    """What builders share: the day the demo is built for, a seeded random, the objects made."""

    today: date = field(default_factory=timezone.localdate)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    areas: dict = field(default_factory=dict)
    workrooms: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    _used_names: set = field(default_factory=set)

    def person_name(self) -> str:
        """An invented, unique Chinese name. Deterministic: the same sequence on every run."""
        while True:
            name = self.rng.choice(SURNAMES) + "".join(
                self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2)))
            )
            if name not in self._used_names:
                self._used_names.add(name)
                return name

    def phone(self) -> str:
        return (
            "1" + self.rng.choice("3578") + "".join(self.rng.choice("0123456789") for _ in range(9))
        )
