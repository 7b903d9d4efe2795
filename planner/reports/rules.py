"""What a report needs before it can be published."""

from flask_babel import gettext as _

from planner.models import Report


def missing_for_publishing(report: Report | None) -> list[str]:
    """What keeps the report off the public site, in words for the coordinator; empty if nothing.

    The public site lists a report by its summary, so a report without one would show
    as a bare title.
    """
    if report is None:
        return [_("The report is not saved yet: write a summary and save.")]
    if not report.summary.strip():
        return [_("The report has no summary yet: write one and save.")]
    return []
