from datetime import date

from flask import g, render_template

from planner.asks.queries import AskList, capped_asks
from planner.contacts.queries import next_steps
from planner.contacts.rules import StepList
from planner.dashboard import bp
from planner.dashboard import queries as q
from planner.enums import Status
from planner.partner_reports.queries import owing
from planner.partnerships.rules import MAX_WORKED
from planner.stamps import FragmentCache

# How many rows each dashboard list shows before its "show all" link.
CAP = 10
# The dashboard is read far more often than anything is written: each person's is kept
# rendered for the day until the next write.
rendered = FragmentCache()


@bp.get("/")
def index():
    """Show my projects, partnerships by status and what needs attention."""
    today = date.today()
    content = rendered.get((g.user.id, today), lambda: render_content(g.user.id, today))
    return render_template("dashboard/index.html", content=content)


def render_content(user_id: int, today: date) -> str:
    mine = q.projects(True, user_id, CAP)
    others = q.projects(False, user_id, CAP)
    asks = capped_asks(today, CAP, kinds=(AskList.THIS_WEEK, AskList.OVERDUE))
    return render_template(
        "dashboard/_content.html",
        mine=mine,
        others=others,
        by_project=q.status_counts([p.id for p in (*mine.items, *others.items)]),
        pipeline=q.pipeline(),
        statuses=list(Status),
        doubtful=q.doubtful(CAP),
        poor_health=q.poor_health(CAP),
        unchecked=q.unchecked(today, CAP),
        unreported=q.unreported(today, CAP),
        unsigned=q.unsigned(today, CAP),
        overloaded=q.overloaded(CAP),
        answers=q.partner_answers(today, CAP),
        owing=owing(today, CAP),
        max_worked=MAX_WORKED,
        this_week=asks[AskList.THIS_WEEK],
        overdue=asks[AskList.OVERDUE],
        AskList=AskList,
        steps={kind: next_steps(user_id, kind, today, CAP) for kind in StepList},
        StepList=StepList,
        today=today,
    )
