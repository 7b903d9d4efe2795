"""Letters pressed by many people at once: each step (send, sign, decline, amend, confirm,
e-mail) happens exactly once; every other request gets a 409 saying who was first.

Threads run on both databases (SQLite serialises their writes through its file lock);
separate processes, as gunicorn's workers are, run on PostgreSQL (`--postgres`).
"""

import multiprocessing
import secrets
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import LetterStatus, Status
from planner.extensions import db
from planner.letters import mail
from planner.letters.compose import fingerprint
from planner.letters.mail import token_hash
from planner.models import Letter, LetterBatch, LetterEmail, StatusChange, now
from tests import factories
from tests.test_letters_mail import smtp  # noqa: F401 (a fixture: a real SMTP server)

N = 10


def text(body: str) -> str:
    return " ".join(BeautifulSoup(body, "html.parser").get_text(" ", strip=True).split())


def press(app, cookie: str | None, path: str, data: dict, results: list, index: int, start):
    """One person's request, from their own client and app context, once all are ready."""
    with app.app_context():
        client = app.test_client()
        if cookie:
            client.set_cookie("session", cookie)
        start.wait()
        response = client.post(path, data=data)
        results[index] = (response.status_code, response.get_data(as_text=True))
        db.session.remove()


def in_threads(app, cookie, path: str, data: dict) -> list[tuple[int, str]]:
    return in_threads_to(app, [(path, data)] * N, cookie)


def in_threads_to(app, requests: list[tuple[str, dict]], cookie=None) -> list[tuple[int, str]]:
    """Each (path, data) posted from its own thread, all at once."""
    db.session.remove()  # the test's own connection holds no lock while the threads run
    start = threading.Barrier(len(requests))
    results: list = [None] * len(requests)
    threads = [
        threading.Thread(target=press, args=(app, cookie, path, data, results, i, start))
        for i, (path, data) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _child(app, cookie, path, data, start, queue, index):
    # Forked with the parent's pool emptied (below): this process opens its own connections.
    results: list = [None]
    press(app, cookie, path, data, results, 0, start)
    queue.put((index, results[0]))


def in_processes(app, cookie, path: str, data: dict) -> list[tuple[int, str]]:
    """N worker processes (forked, as gunicorn's are), each sending the request at once."""
    db.session.remove()
    db.engine.dispose()  # no connection may be shared with the children
    context = multiprocessing.get_context("fork")
    start = context.Barrier(N)
    queue = context.Queue()
    children = [
        context.Process(target=_child, args=(app, cookie, path, data, start, queue, i))
        for i in range(N)
    ]
    for child in children:
        child.start()
    results: list = [None] * N
    for _ in range(N):
        index, result = queue.get(timeout=120)
        results[index] = result
    for child in children:
        child.join(timeout=30)
    return results


def postgres_only(request):
    if not request.config.getoption("--postgres"):
        pytest.skip("separate processes are run against PostgreSQL (--postgres)")


@pytest.fixture(params=["threads", "processes"])
def at_once(request, app):
    """Run N identical requests at once, in threads or in processes."""
    if request.param == "processes":
        postgres_only(request)
        return lambda *args: in_processes(app, *args)
    return lambda *args: in_threads(app, *args)


@pytest.fixture
def who(user) -> tuple[int, str]:
    """The coordinator's id and name, read before the requests (which end this session)."""
    return user.id, user.name


@pytest.fixture
def cookie(client, auth) -> str:
    """The signed-in coordinator's session cookie, for every one of the N requests."""
    return client.get_cookie("session").value


@pytest.fixture
def partnership(user):
    return factories.partnership(
        project=factories.project(title="Winter Warmth", slug="winter-warmth"),
        partner=factories.partner(name="Northern Bakery", contact_person="Anna Smirnova"),
        status=Status.NEGOTIATING,
        partner_contact="Anna Smirnova",
    )


def stored(letter_id: int) -> Letter:
    db.session.expire_all()
    return db.session.get(Letter, letter_id)


def codes(results) -> list[int]:
    return sorted(code for code, _body in results)


def steps_to(status: Status) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(StatusChange.id)).where(StatusChange.new_status == status)
    )


def test_sending_at_once_sends_once(app, at_once, cookie, who, partnership):
    """Ten "send" presses on one draft: one is sent, nine are told it was sent and by whom;
    one step to agreed, one snapshot whose fingerprint is the one shown."""
    letter = factories.letter(partnership)
    results = at_once(cookie, f"/letters/{letter.id}/send", {})
    assert codes(results) == [302] + [409] * (N - 1)
    for code, body in results:
        if code == 409:
            assert "This letter was already sent on" in text(body)
            assert f"by {who[1]}" in text(body)
            assert "Your request changed nothing." in text(body)
    sent = stored(letter.id)
    assert sent.status is LetterStatus.SENT
    assert sent.sent_by_id == who[0]
    assert fingerprint(sent.snapshot) == sent.fingerprint
    assert steps_to(Status.AGREED) == 1
    page = app.test_client()
    page.set_cookie("session", cookie)
    assert sent.fingerprint in text(page.get(f"/letters/{letter.id}/").get_data(as_text=True))


def test_amending_at_once_makes_one_amendment(app, at_once, cookie, who, partnership):
    """Ten "amend" presses on a sent letter: one amendment (version 2), nine 409s naming it,
    never a 500 from a reference or amendment taken twice."""
    letter = factories.letter(partnership, sent_on=date.today())
    results = at_once(cookie, f"/letters/{letter.id}/amend", {})
    assert codes(results) == [302] + [409] * (N - 1)
    (amendment,) = db.session.scalars(sa.select(Letter).where(Letter.amends_id == letter.id))
    assert amendment.version == 2
    for code, body in results:
        if code == 409:
            assert f"This letter already has an amendment, {amendment.reference}" in text(body)
    assert db.session.scalar(sa.select(sa.func.count(Letter.id))) == 2


def test_signing_at_once_signs_once(app, at_once, cookie, who, partnership):
    """Ten "record the signature" presses: one signature, one step to committed, nine 409s."""
    letter = factories.letter(partnership, sent_on=date.today())
    data = {"signed_on": date.today().isoformat(), "partner_signatory": "Anna Smirnova"}
    results = at_once(cookie, f"/letters/{letter.id}/sign", data)
    assert codes(results) == [302] + [409] * (N - 1)
    for code, body in results:
        if code == 409:
            assert "The signature was already recorded on" in text(body)
            assert f"by {who[1]}" in text(body)
    assert stored(letter.id).status is LetterStatus.SIGNED
    assert steps_to(Status.COMMITTED) == 1


def test_declining_at_once_declines_once(app, at_once, cookie, partnership):
    """Ten "the partner declined" presses: one is recorded, nine are told it was."""
    letter = factories.letter(partnership, sent_on=date.today())
    results = at_once(
        cookie, f"/letters/{letter.id}/decline", {"declined_on": date.today().isoformat()}
    )
    assert codes(results) == [302] + [409] * (N - 1)
    assert all(
        "This letter was already marked as declined on" in text(body)
        for code, body in results
        if code == 409
    )
    assert stored(letter.id).status is LetterStatus.DECLINED


def link_to(letter: Letter) -> str:
    """A confirmation link as if e-mailed (the e-mail itself is tested elsewhere)."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        LetterEmail(
            letter=letter,
            recipient="anna@bakery.example",
            token_hash=token_hash(token),
            expires_at=now() + timedelta(days=30),
        )
    )
    db.session.commit()
    return f"/confirm/{token}"


def test_confirming_at_once_confirms_once(app, at_once, partnership):
    """Ten partners' presses on "confirm": one signature online and one step to committed;
    the others see the confirmation already made, with a 409."""
    letter = factories.letter(partnership, sent_on=date.today())
    link, letter_id = link_to(letter), letter.id
    data = {"name": "Anna Smirnova", "title": "Director", "authorised": "y"}
    results = at_once(None, link, data)
    assert codes(results) == [303] + [409] * (N - 1)
    for code, body in results:
        if code == 409:
            assert "Confirmed online by Anna Smirnova, Director, on" in text(body)
    signed = stored(letter_id)
    assert (signed.status, signed.signed_method) == (LetterStatus.SIGNED, "online")
    assert steps_to(Status.COMMITTED) == 1


def test_emailing_a_draft_at_once_sends_it_once(app, cookie, smtp, partnership):  # noqa: F811
    """Ten "e-mail to the partner" presses on a draft: it is sent and e-mailed once."""
    partnership.partner.email = "anna@bakery.example"
    db.session.commit()
    letter = factories.letter(partnership)
    results = in_threads(app, cookie, f"/letters/{letter.id}/email", {"recipient": ""})
    assert codes(results) == [302] + [409] * (N - 1)
    assert len(smtp.messages) == 1
    assert db.session.scalar(sa.select(sa.func.count(LetterEmail.id))) == 1
    assert stored(letter.id).status is LetterStatus.SENT


def test_creating_letters_at_once_never_collides(app, cookie, partnership):
    """Ten new drafts for one project at once: ten letters with ten references, no 500."""
    results = in_threads(app, cookie, f"/partnerships/{partnership.id}/letters/new", {})
    assert codes(results) == [302] * N
    references = db.session.scalars(sa.select(Letter.reference)).all()
    assert len(set(references)) == N


def test_one_amendment_per_letter_is_a_database_rule(app, partnership):
    """Even written straight to the database, a second amendment of one letter is refused."""
    letter = factories.letter(partnership, sent_on=date.today())
    for n in (1, 2):
        db.session.add(
            Letter(partnership=partnership, reference=f"X-{n}", version=2, amends=letter)
        )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


# --- batch PDFs -------------------------------------------------------------------------------


def test_a_late_second_send_is_told_in_russian(app, client, auth, user, partnership):
    """Sending a letter someone has just sent: a 409 page in Russian saying who sent it and
    when, with the way back to the letter."""
    letter = factories.letter(partnership)
    assert client.post(f"/letters/{letter.id}/send").status_code == 302
    again = client.post(f"/letters/{letter.id}/send", headers={"Accept-Language": "ru"})
    assert again.status_code == 409
    page = BeautifulSoup(again.text, "html.parser")
    assert page.select_one(".letter-conflict h1").get_text(strip=True) == "Вас опередили"
    lead = page.select_one(".letter-conflict .lead").get_text(" ", strip=True)
    assert lead.startswith(f"Это письмо уже отправил(а) {user.name} ")
    assert "нояб" in lead or "г." in lead  # a date in Russian form
    assert "Ваш запрос ничего не изменил." in text(again.text)
    back = page.select(".letter-conflict a")[-1]
    assert back["href"] == f"/letters/{letter.id}/"
    assert back.get_text(strip=True) == f"Вернуться к письму {letter.reference}"


def test_a_late_send_from_htmx_gets_the_fragment(app, client, auth, partnership):
    """Asked by htmx, the 409 is the conflict's fragment alone, to swap into the page."""
    letter = factories.letter(partnership, sent_on=date.today())
    response = client.post(f"/letters/{letter.id}/send", headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert "HX-Request" in response.headers["Vary"]
    page = BeautifulSoup(response.text, "html.parser")
    assert page.find("html") is None and page.find("nav") is None
    assert page.select_one("#letter-conflict h1").get_text(strip=True) == "Someone else was first"


def test_a_change_request_after_the_signature_is_refused(app, partnership):
    """A partner asking for changes on a letter confirmed a moment ago (through another link)
    is told it is confirmed (409); even a request that read the letter as still waiting
    writes nothing onto the signed letter."""
    letter = factories.letter(partnership, sent_on=date.today())
    first, second, letter_id = link_to(letter), link_to(letter), letter.id
    link = db.session.scalar(sa.select(LetterEmail).order_by(LetterEmail.id.desc()))
    assert link.letter.status is LetterStatus.SENT  # what this request has read
    data = {"name": "Anna Smirnova", "title": "Director", "authorised": "y"}
    assert app.test_client().post(first, data=data).status_code == 303  # another session
    assert mail.request_changes(link, "Read before the signature") is False
    assert stored(letter_id).change_request == ""

    late = app.test_client().post(f"{second}/changes", data={"comment": "Too late"})
    assert late.status_code == 409
    assert "Confirmed online by Anna Smirnova" in text(late.text)
    assert stored(letter_id).change_request == ""


def test_a_second_batch_pdf_is_refused_while_one_is_made(app, client, auth, user, partnership):
    """While a user's batch PDF is being made (in any worker), a second is told to wait (409)
    in their language, without laying out a letter; a stale hold is ignored, and a finished
    batch lets the next one run."""
    factories.letter(partnership, sent_on=date.today())
    db.session.add(LetterBatch(user_id=user.id, started_at=now()))
    db.session.commit()
    busy = client.get("/projects/winter-warmth/letters.pdf")
    assert busy.status_code == 409
    assert busy.headers["Retry-After"] == "60"
    assert "Your letters are still being made; try again in a minute." in text(busy.text)
    russian = client.get("/projects/winter-warmth/letters.pdf", headers={"Accept-Language": "ru"})
    assert russian.status_code == 409
    assert "Ваши письма ещё готовятся; попробуйте снова через минуту." in text(russian.text)

    # A hold left by a worker that died long ago does not block anyone.
    db.session.execute(sa.update(LetterBatch).values(started_at=now() - timedelta(minutes=10)))
    db.session.commit()
    done = client.get("/projects/winter-warmth/letters.pdf")
    assert done.status_code == 200
    assert done.mimetype == "application/pdf"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LetterBatch)) == 0
    assert client.get("/projects/winter-warmth/letters.pdf").status_code == 200

    # Released however the batch ends: a project without letters (404) leaves no hold.
    empty = factories.project(slug="empty-project")
    assert client.get(f"/projects/{empty.slug}/letters.pdf").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LetterBatch)) == 0

    # One at a time per person: a colleague's running batch does not refuse mine.
    db.session.add(LetterBatch(user_id=factories.user().id, started_at=now()))
    db.session.commit()
    assert client.get("/projects/winter-warmth/letters.pdf").status_code == 200
