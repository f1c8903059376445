"""Notifications (通知): an inbox per user and the channels that carry it (e-mail, SMS, the WeCom
and DingTalk group robots of a workroom or district).

Other apps tell people through one function, ``notices.services.notify``, called inside the
transaction of the change it reports; deliveries go out after the commit
(``notices.delivery``). See the README's "Notifications".
"""
