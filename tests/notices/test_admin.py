"""The admin: administrators set up group robots (a workroom's or an area's, never both);
deliveries, notices and who was told are only looked at."""

import pytest
from django.urls import reverse

from notices.models import Delivery, Notice, RobotKind, RobotWebhook

pytestmark = pytest.mark.django_db

KEY = "6f1c2d3e-0000-4000-8000-secretkey123"


def robot_form(**fields):
    data = {
        "name": "长安街道工作群",
        "kind": RobotKind.WECOM,
        "workroom": "",
        "area": "",
        "url": f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY}",
        "secret": "",
        "is_active": "on",
    }
    data.update(fields)
    return data


def test_an_administrator_adds_a_workrooms_robot(admin_client, wr):
    url = reverse("admin:notices_robotwebhook_add")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url, robot_form(workroom=wr.a.pk))

    assert response.status_code == 302
    robot = RobotWebhook.objects.get()
    assert (robot.workroom, robot.area, robot.is_active) == (wr.a, None, True)
    # The list names where it points, never the key the address carries.
    page = admin_client.get(reverse("admin:notices_robotwebhook_changelist")).content.decode()
    assert "qyapi.weixin.qq.com" in page
    assert KEY not in page


@pytest.mark.parametrize(
    "fields",
    [
        {},  # neither a workroom nor an area
        {"workroom": "WR", "area": "AREA"},  # both
        {"workroom": "WR", "secret": "SECabc"},  # a secret on a WeCom robot
        {"workroom": "WR", "url": "not an address"},
    ],
)
def test_a_robot_must_be_set_up_sensibly(admin_client, wr, areas, fields):
    values = {k: {"WR": wr.a.pk, "AREA": areas.a.pk}.get(v, v) for k, v in fields.items()}

    response = admin_client.post(reverse("admin:notices_robotwebhook_add"), robot_form(**values))

    assert response.status_code == 200
    assert not RobotWebhook.objects.exists()


def test_a_dingtalk_robot_of_a_district_with_its_secret(admin_client, areas):
    response = admin_client.post(
        reverse("admin:notices_robotwebhook_add"),
        robot_form(
            kind=RobotKind.DINGTALK,
            area=areas.d.pk,
            url="https://oapi.dingtalk.com/robot/send?access_token=abc",
            secret="SECabc",
        ),
    )

    assert response.status_code == 302
    assert RobotWebhook.objects.get().secret == "SECabc"


def test_notices_and_deliveries_are_read_only(admin_client, tell, clerk_a):
    tell([clerk_a], key="k", place=None)
    notice, delivery = Notice.objects.get(), Delivery.objects.get()

    page = admin_client.get(reverse("admin:notices_notice_change", args=[notice.pk]))
    assert page.status_code == 200
    assert clerk_a.display_name in page.content.decode()
    assert (
        admin_client.get(reverse("admin:notices_delivery_change", args=[delivery.pk])).status_code
        == 200
    )
    assert admin_client.get(reverse("admin:notices_delivery_add")).status_code == 403
    assert admin_client.get(reverse("admin:notices_notice_add")).status_code == 403
    admin_client.post(
        reverse("admin:notices_delivery_change", args=[delivery.pk]), {"status": "failed"}
    )
    assert Delivery.objects.get().status == delivery.status
