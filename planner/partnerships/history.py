from planner.enums import Status
from planner.extensions import db
from planner.models import Partnership, StatusChange, User


def change_status(partnership: Partnership, status: Status, user: User | None) -> bool:
    """Move a partnership to `status` and record the step; False if nothing changed."""
    if partnership.id is not None and partnership.status is status:
        return False
    old = partnership.status if partnership.id is not None else None
    partnership.status = status
    db.session.add(
        StatusChange(partnership=partnership, old_status=old, new_status=status, user=user)
    )
    return True
