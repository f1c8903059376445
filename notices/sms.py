"""SMS: an interface for a provider to plug in, and a console backend.

No provider ships with the app. A deployment that has one (Aliyun SMS, Tencent Cloud SMS, a
carrier's gateway) writes a class like ``ConsoleSmsBackend`` and names it in the ``SMS_BACKEND``
setting (a dotted path). The contract:

- The class is built with no arguments (read keys and the sign name from ``settings`` or the
  environment) once per message; ``send(message)`` sends one ``SmsMessage``.
- ``message.phone`` is a mainland mobile number, 11 digits, nothing else. ``message.text`` is the
  whole text (title and link), at most ``SMS_MAX_LENGTH`` characters. Providers that send only
  approved templates map ``message.kind`` (a ``notices.models.NoticeKind`` value) to their
  template and fill it from ``message.title`` and ``message.url``.
- Return when the provider has accepted the message. Anything else raises (any exception; the
  provider's error text in it): the delivery is then tried again a bounded number of times and
  finally shown as failed to administrators. Do not retry inside ``send``, and give up within
  ``NOTICE_TIMEOUT`` seconds.
- Errors are kept on the delivery row for administrators: never put the full number in them
  (``core.personal_data.mask_phone`` gives 138****5678).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
from django.utils.module_loading import import_string

SMS_MAX_LENGTH = 300


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str
    kind: str
    title: str
    url: str


class SmsBackend:
    """What every SMS backend provides."""

    def send(self, message: SmsMessage) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    """Writes each message to standard output (the worker's log): for development and for
    deployments without a provider."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, message: SmsMessage) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"SMS to {message.phone}: {message.text}\n")
        stream.flush()


def get_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend
