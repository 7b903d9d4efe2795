"""What the public site shows, and how much of a list one page holds."""

from planner.enums import ItemStatus

# A report thanks partners for what actually came.
SHOWN = frozenset({ItemStatus.DELIVERED, ItemStatus.PARTLY_DELIVERED})

# Lists that grow with the organisation are split into pages (/reports/page/2/, and so on):
# a page then costs the same with ten reports or a thousand, live and frozen.
REPORTS_PER_PAGE = 20
PARTNERS_PER_PAGE = 50
# Feed readers only look at the newest entries.
FEED_SIZE = 20
