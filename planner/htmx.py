"""The small server side of htmx: know when it asks, answer with a fragment."""

from flask import make_response, render_template, request
from flask.typing import ResponseReturnValue


def is_htmx() -> bool:
    """Tell whether htmx sent this request for a fragment (not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(template: str, partial: str, **context) -> ResponseReturnValue:
    """Render the `template` page, or only `partial` when htmx asks; say that it varies."""
    response = make_response(render_template(partial if is_htmx() else template, **context))
    response.vary.add("HX-Request")
    return response
