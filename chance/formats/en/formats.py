# English dates as CHANCE writes them ("Dec 1, 2026", "Dec 1, 2026 21:40": 24-hour clock, as
# on-call logs and police reports use). Anything not set here is Django's English format.
DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y H:i"
