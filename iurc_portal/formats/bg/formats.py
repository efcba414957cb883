"""Bulgarian formats as Bulgarians write them: "10 август 2021 г.", "29.11.2026 г., 16:43",
"12 345,6". Django's own leave dates in American order with a 12-hour clock in the admin.

The lower-case month names come from our catalogue (``iurc_portal/dates.py``): Django's
Bulgarian translation capitalises them."""

DATE_FORMAT = "j E Y г."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d.m.Y г., H:i"
YEAR_MONTH_FORMAT = "E Y г."
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y г."
SHORT_DATETIME_FORMAT = "d.m.Y г., H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# What staff type: 15.02.2027 first (the admin shows dates so), then 15.02.27 and ISO.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a non-breaking space: 12 345
NUMBER_GROUPING = 3
