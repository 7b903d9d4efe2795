"""Pausing Python's cyclic garbage collector around work that only builds long-lived objects."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the block without cyclic garbage collection, then collect as before.

    For start-up, a freeze or a PDF: each makes many objects that all live until it ends, so
    a collection in the middle walks them over and over and frees nothing. Reference counting
    still frees what is dropped; the next collection after the block finds the rest.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
