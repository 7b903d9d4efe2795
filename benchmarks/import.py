"""How long importing a spreadsheet of partners takes, against floors measured in the same run.

Builds a throwaway app on a temporary SQLite database (the real migrations) holding the demo
organisation and REGISTRY partners already in the registry, then writes ROWS generated
partners (English and Russian names, contacts, sectors and kinds by their labels in either
language, one in twenty a partner already in the registry) as a CSV and as an XLSX file, and,
through the app's routes as a coordinator does:

  * uploads the file (read, columns guessed, kept for the next step);
  * previews it (every row checked, duplicates found, the whole table rendered);
  * imports it (all rows in one transaction, duplicates updated).

Floors, in the same process: reading the same CSV with the csv module alone, reading the same
XLSX with openpyxl alone, and inserting the same rows into a copy of the partner table with a
bare executemany. Each step is printed beside its floor, with the total against the target of
issue 14: 5,000 rows previewed and imported in under 10 s.

Run from the repository's root: .venv/bin/python benchmarks/import.py
Wall times depend on what else the machine runs; the CPU times beside them less so.
"""

import argparse
import contextlib
import csv
import io
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_S = 10.0
FIRST = ["Anna", "Ivan", "Olga", "Sergei", "Maria", "Peter", "Анна", "Иван", "Ольга", "Сергей"]
LAST = ["Petrova", "Smith", "Ozola", "Иванова", "Смирнов", "Кузнецова", "Попов", "Brown"]
WORDS = [
    "Тёплый дом",
    "Добрые руки",
    "Green Hands",
    "Riga Bakers",
    "Северный ветер",
    "Городская газета",
    "Радио Восток",
    "Hope Centre",
    "Щедрость",
    "Кооператив Рассвет",
]
FORMS = ["ООО", "АНО", "Фонд", "", "", "LLC", "Ltd", "ИП"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time importing a CSV and an XLSX of partners: upload, preview, import."
    )
    parser.add_argument("--rows", type=int, default=5000, help="rows in the file (5000)")
    parser.add_argument(
        "--registry", type=int, default=500, help="partners already in the registry (500)"
    )
    parser.add_argument("--seed", type=int, default=14, help="random seed (14)")
    return parser.parse_args()


def sectors_and_kinds():
    """Every (sector, kind) pair as a file writes them: labels in English or Russian, or values."""
    from flask_babel import force_locale

    from planner.enums import SUBTYPES

    pairs = []
    for language in ("en", "ru"):
        with force_locale(language):
            for sector, kinds in SUBTYPES.items():
                pairs += [(sector.label, kind.label) for kind in kinds]
    pairs += [(s.value, k.value) for s, kinds in SUBTYPES.items() for k in kinds]
    return pairs


def generated_rows(count: int, existing: list[str], seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    pairs = sectors_and_kinds()
    rows = [["Название", "Sector", "Вид", "Контактное лицо", "E-mail", "Телефон", "Адрес"]]
    for n in range(count):
        sector, kind = rng.choice(pairs)
        if n % 20 == 0 and existing:
            name = rng.choice(existing)  # a partner already in the registry
        else:
            form = rng.choice(FORMS)
            name = (
                f"{form} «{rng.choice(WORDS)} {n}»".strip() if form else f"{rng.choice(WORDS)} {n}"
            )
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        rows.append(
            [
                name,
                sector,
                kind,
                person,
                f"contact{n}@example.org",
                f"+7 9{rng.randrange(10**8, 10**9)}",
                f"г. Москва, ул. Тверская, д. {n % 200 + 1}, кв. {n % 90 + 1}",
            ]
        )
    return rows


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(step):
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def floor_insert(database: Path, rows) -> None:
    """The same rows inserted with a bare executemany into a copy of the partner table."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        conn.execute("CREATE TABLE partner_floor AS SELECT * FROM partner WHERE 0")
        conn.executemany(
            "INSERT INTO partner_floor (name, sector, contact_person, email, phone, address) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(r[0], "ngo", r[3], r[4], r[5], r[6]) for r in rows[1:]],
        )
        conn.commit()
        conn.execute("DROP TABLE partner_floor")


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        os.environ["PLANNER_INSTANCE_PATH"] = tmp
        from flask_migrate import upgrade
        from werkzeug.datastructures import FileStorage
        from werkzeug.test import encode_multipart

        from planner import create_app
        from planner.enums import Sector
        from planner.extensions import db, init_migrations
        from planner.models import Partner

        database = Path(tmp) / "bench.sqlite"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                "SECRET_KEY": "benchmark",
                "WTF_CSRF_ENABLED": False,
            }
        )
        init_migrations(app)
        # After create_app: importing the demo first runs into an import cycle of the areas.
        from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo

        print(f"{args.rows:,} rows, {args.registry:,} partners already in the registry")
        print(f"{'step':<34} {'CSV wall':>9} {'CSV CPU':>8} {'XLSX wall':>10} {'XLSX CPU':>9}")
        totals = {}
        for kind in ("csv", "xlsx"):
            with app.app_context():
                db.drop_all()
                db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
                db.session.commit()
                with contextlib.redirect_stderr(io.StringIO()):  # Alembic's INFO lines
                    upgrade()
                load_demo()
                db.session.add_all(
                    Partner(name=f"ООО «Щедрость {n}»", sector=Sector.BUSINESS)
                    for n in range(args.registry)
                )
                db.session.commit()
                existing = list(db.session.scalars(db.select(Partner.name)))
                rows = generated_rows(args.rows, existing, args.seed)
                data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
                client = app.test_client()
                client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})

                def post_file(data=data, kind=kind, client=client):
                    boundary, body = encode_multipart(
                        {"file": FileStorage(io.BytesIO(data), filename=f"partners.{kind}")}
                    )
                    return client.post(
                        "/partners/import/",
                        data=body,
                        content_type=f"multipart/form-data; boundary={boundary}",
                    )

                def floor_read(data=data, kind=kind):
                    if kind == "csv":
                        text = data.decode("utf-8-sig")
                        return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
                    from openpyxl import load_workbook

                    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
                    found = list(book.worksheets[0].iter_rows(values_only=True))
                    book.close()
                    return found

                steps = {}
                steps["floor: read the file alone"] = timed(floor_read)
                steps["upload (read, guess columns)"] = timed(post_file)
                steps["preview (check, render)"] = timed(
                    lambda client=client: client.get("/partners/import/review")
                )
                steps["import (one transaction)"] = timed(
                    lambda client=client: client.post(
                        "/partners/import/run", data={"duplicates": "update", "leave_out": "1"}
                    )
                )
                steps["floor: bare executemany"] = timed(
                    lambda rows=rows: floor_insert(database, rows)
                )
                for name in ("upload (read, guess columns)", "import (one transaction)"):
                    if steps[name][2].status_code != 302:
                        sys.exit(f"{name} answered {steps[name][2].status_code}")
                preview = steps["preview (check, render)"][2]
                if preview.status_code != 200:
                    sys.exit(f"the preview answered {preview.status_code}")
                count = db.session.scalar(db.select(db.func.count()).select_from(Partner))
                totals[kind] = (steps, count, len(preview.data))
        for name in totals["csv"][0]:
            cells = []
            for kind in ("csv", "xlsx"):
                wall, cpu, _ = totals[kind][0][name]
                cells += [f"{wall:.2f} s", f"{cpu:.2f} s"]
            print(f"{name:<34} {cells[0]:>9} {cells[1]:>8} {cells[2]:>10} {cells[3]:>9}")
        for kind in ("csv", "xlsx"):
            steps, count, size = totals[kind]
            total = sum(
                steps[n][0]
                for n in (
                    "upload (read, guess columns)",
                    "preview (check, render)",
                    "import (one transaction)",
                )
            )
            verdict = "PASS" if total < TARGET_S else "FAIL"
            print(
                f"{kind.upper()}: upload + preview + import {total:.2f} s "
                f"(target < {TARGET_S:.0f} s) {verdict}; preview page {size / 1e6:.1f} MB; "
                f"{count:,} partners after"
            )


if __name__ == "__main__":
    main()
