"""English dates as the app writes them: one form per page. Django's English mixes "Dec. 2, 2026"
(DATE_FORMAT) with "12/02/2026 4:56 p.m." (SHORT_DATETIME_FORMAT); here every date reads
"Dec. 2, 2026" and every time is on the 24-hour clock, as the Chinese pages and the duty
rosters write it."""

DATE_FORMAT = "N j, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
