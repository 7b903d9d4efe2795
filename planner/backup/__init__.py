"""Backup and restore: the whole organisation in one archive (see docs/backup-format.md).

`dump.py` writes an archive from a database and its instance folder; `load.py` checks
one and loads it into an empty database; `values.py` is how each column's values are
written; `migrations.py` says which migration code, database and archive are at;
`commands.py` holds the `planner backup` and `planner restore` commands.
"""
