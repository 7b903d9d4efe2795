from datetime import date

from flask import g, render_template

from planner.asks.queries import AskList, capped_asks
from planner.dashboard import bp
from planner.dashboard import queries as q
from planner.enums import Status
from planner.partnerships.rules import MAX_WORKED

# How many rows each dashboard list shows before its "show all" link.
CAP = 10


@bp.get("/")
def index():
    """Show my projects, partnerships by status and what needs attention."""
    mine = q.projects(True, g.user.id, CAP)
    others = q.projects(False, g.user.id, CAP)
    asks = capped_asks(date.today(), CAP, kinds=(AskList.THIS_WEEK, AskList.OVERDUE))
    return render_template(
        "dashboard/index.html",
        mine=mine,
        others=others,
        by_project=q.status_counts([p.id for p in (*mine.items, *others.items)]),
        pipeline=q.pipeline(),
        statuses=list(Status),
        doubtful=q.doubtful(CAP),
        overloaded=q.overloaded(CAP),
        max_worked=MAX_WORKED,
        this_week=asks[AskList.THIS_WEEK],
        overdue=asks[AskList.OVERDUE],
        AskList=AskList,
    )
