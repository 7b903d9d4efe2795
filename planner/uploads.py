"""Uploaded files (logos, signed scans): checked by their bytes, kept outside the web root."""

import base64
import io
import secrets
import warnings
from pathlib import Path

from flask import abort, current_app, send_file
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

# The first bytes of each accepted kind, and the extension it is stored under.
SIGNATURES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
}
IMAGES = frozenset({"png", "jpg"})
DOCUMENTS = frozenset({"pdf", "png", "jpg"})
MAX_BYTES = 10 * 1024 * 1024
# An image's size is read from its header before anything is decoded: a small file of
# 13,000 × 13,000 pixels would take seconds and more than a gigabyte to open.
MAX_PIXELS = 40_000_000


class UploadError(ValueError):
    pass


def folder() -> Path:
    path = Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def kind_of(head: bytes) -> tuple[str, str] | None:
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def save_upload(file: FileStorage, allowed: frozenset[str]) -> str:
    """Store an upload under a random name and return that name; refuse what is not allowed."""
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UploadError(_("The file is larger than %(num)d MB.", num=MAX_BYTES // (1024 * 1024)))
    kind = kind_of(data[:16])
    if kind is None or kind[0] not in allowed:
        names = ", ".join(sorted(k.upper() for k in allowed))
        raise UploadError(_("Upload a %(kinds)s file.", kinds=names))
    name = f"{secrets.token_hex(16)}.{kind[0]}"
    (folder() / name).write_bytes(data)
    return name


def send_upload(name: str | None, download_name: str | None = None, as_attachment: bool = False):
    """Serve a stored upload to a signed-in user, by the name the database holds."""
    if not name:
        abort(404)
    path = folder() / Path(name).name
    if not path.is_file():
        abort(404)
    # Uploads are small (MAX_BYTES): read them whole, so no file handle outlives the request.
    data = path.read_bytes()
    kind = kind_of(data[:16])
    return send_file(
        io.BytesIO(data),
        mimetype=kind[1] if kind else "application/octet-stream",
        download_name=download_name or path.name,
        as_attachment=as_attachment,
        max_age=0,
    )


def data_uri(name: str | None) -> str:
    """An uploaded image inlined as a data: URI, so a letter carries its own logo."""
    if not name:
        return ""
    path = folder() / Path(name).name
    if not path.is_file():
        return ""
    data = path.read_bytes()
    kind = kind_of(data[:16])
    if kind is None or kind[0] not in IMAGES:
        return ""
    return f"data:{kind[1]};base64,{base64.b64encode(data).decode()}"


def save_photo(file: FileStorage, max_side: int = 1600) -> tuple[str, int, int]:
    """Store a web-sized copy of an uploaded photo (no camera metadata); return name and size."""
    from PIL import Image, ImageOps  # Pillow costs start-up time; only uploads need it

    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UploadError(_("The photo is larger than %(num)d MB.", num=MAX_BYTES // (1024 * 1024)))
    kind = kind_of(data[:16])
    if kind is None or kind[0] not in IMAGES:
        raise UploadError(_("Upload a JPEG or PNG photo."))
    try:
        with warnings.catch_warnings():
            # Pillow warns of a "decompression bomb" above 89 megapixels; refused below anyway.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))
        with opened as image:
            if image.width * image.height > MAX_PIXELS:
                raise UploadError(
                    _(
                        "The image is %(width)d × %(height)d pixels: upload one of up to "
                        "%(limit)d megapixels (a photo resized for the web is plenty).",
                        width=image.width,
                        height=image.height,
                        limit=MAX_PIXELS // 1_000_000,
                    )
                )
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            keep_alpha = kind[0] == "png" and image.mode in ("RGBA", "LA", "P")
            out = io.BytesIO()
            if keep_alpha:
                image.save(out, "PNG", optimize=True)
            else:
                image.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
            width, height = image.size
    except UploadError:
        raise
    except (OSError, Image.DecompressionBombError, ValueError) as error:
        raise UploadError(_("That image could not be read.")) from error
    name = f"{secrets.token_hex(16)}.{'png' if keep_alpha else 'jpg'}"
    (folder() / name).write_bytes(out.getvalue())
    return name, width, height
