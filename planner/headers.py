"""Security headers on every response: what a browser may load, run, frame and tell others.

The app's pages load only their own scripts (htmx and static/*.js, files, never inline), their
own style sheets and their own images (and data: URIs, as the letters' logos are). The public
site runs no script at all. The frozen site carries the same policy in a `_headers` file for the
hosts that read one (Netlify, Cloudflare Pages), and in a referrer <meta> for those that do not.
"""

import secrets

from flask import Flask, Response, has_request_context, request

APP_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# The public site: pages, its style sheet, photos and logos; no script, no form.
SITE_POLICY = {**APP_POLICY, "script-src": "'none'", "form-action": "'none'"}
SITE_BLUEPRINT = "site"

# Features no page of the app or the site uses, refused to the page and anything it embeds.
PERMISSIONS = (
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
)


def content_security_policy(policy: dict[str, str], style_nonce: str | None = None) -> str:
    directives = dict(policy)
    if style_nonce:
        directives["style-src"] += f" 'nonce-{style_nonce}'"
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(policy: dict[str, str], style_nonce: str | None = None) -> dict[str, str]:
    """The headers every response carries, for a page under `policy`."""
    return {
        "Content-Security-Policy": content_security_policy(policy, style_nonce),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": ", ".join(f"{feature}=()" for feature in PERMISSIONS),
    }


def headers_file() -> str:
    """The frozen site's `_headers` (Netlify and Cloudflare Pages): the site's policy on
    every path."""
    lines = ["/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers(SITE_POLICY).items()]
    return "\n".join(lines) + "\n"


NONCE = "planner.style_nonce"  # where a request keeps its nonce (its WSGI environ)


def style_nonce() -> str:
    """A nonce for this response's one inline <style> (a letter's page footers, which hold
    the letter's reference and fingerprint); the policy admits it for this response alone."""
    if not has_request_context():
        return secrets.token_urlsafe(16)  # a document rendered for no browser (a PDF, a mail)
    environ = request.environ
    if NONCE not in environ:
        environ[NONCE] = secrets.token_urlsafe(16)
    return environ[NONCE]


def add_security_headers(response: Response) -> Response:
    policy = SITE_POLICY if request.blueprint == SITE_BLUEPRINT else APP_POLICY
    for name, value in security_headers(policy, request.environ.get(NONCE)).items():
        response.headers.setdefault(name, value)
    return response


def init_headers(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.jinja_env.globals["style_nonce"] = style_nonce
