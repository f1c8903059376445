"""Chinese dates as the app writes them: 2026年12月2日, 2026年12月2日 14:30, 12月2日. Django's own
Chinese formats, but the month and day without a leading zero everywhere (its MONTH_DAY_FORMAT
writes 09月5日 beside 2026年9月5日)."""

MONTH_DAY_FORMAT = "n月j日"
