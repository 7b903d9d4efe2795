"""Security headers on every response: what a browser may load, run, frame and tell others.

The app's pages load only their own scripts (htmx and static/*.js, files, never inline), their
own style sheets and their own images (and data: URIs, as the letters' logos are). The public
site runs no script at all. The frozen site carries the same policy in a `_headers` file for the
hosts that read one (Netlify, Cloudflare Pages), and in a referrer <meta> for those that do not.
"""

import base64
import hashlib

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


def content_security_policy(policy: dict[str, str], styles: list[str] | None = None) -> str:
    """The policy, admitting the inline styles given by their hashes."""
    directives = dict(policy)
    if styles:
        directives["style-src"] = " ".join([directives["style-src"], *dict.fromkeys(styles)])
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(policy: dict[str, str], styles: list[str] | None = None) -> dict[str, str]:
    """The headers every response carries, for a page under `policy`."""
    return {
        "Content-Security-Policy": content_security_policy(policy, styles),
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


STYLES = "planner.inline_styles"  # where a request keeps its styles' hashes (its WSGI environ)


def allow_inline_style(css: str) -> str:
    """Admit this exact inline <style> (a letter's page footers, which hold the letter's
    reference and fingerprint) by its hash, for this response alone; returns `css` unchanged.

    A hash rather than a nonce: a sent letter's printed page stays the same bytes each time.
    """
    if has_request_context():
        digest = base64.b64encode(hashlib.sha256(str(css).encode()).digest()).decode()
        request.environ.setdefault(STYLES, []).append(f"'sha256-{digest}'")
    return css


def add_security_headers(response: Response) -> Response:
    policy = SITE_POLICY if request.blueprint == SITE_BLUEPRINT else APP_POLICY
    for name, value in security_headers(policy, request.environ.get(STYLES)).items():
        response.headers.setdefault(name, value)
    return response


def init_headers(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.jinja_env.globals["allow_inline_style"] = allow_inline_style
