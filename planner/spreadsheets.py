"""What every CSV and XLSX the app writes shares: cells a spreadsheet app will not run."""

# A cell starting with one of these is read as a formula by spreadsheet apps.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(cell):
    """Keep spreadsheet apps from running a partner's name as a formula: an apostrophe in
    front, which they hide (and the partner import takes off again)."""
    if isinstance(cell, str) and cell[:1] in FORMULA_STARTS:
        return "'" + cell
    return cell
