"""Letters e-mailed to the partner through a real SMTP server on loopback, and the link with
which the partner confirms a letter online or asks for changes."""

import email
import hashlib
import io
import re
import socket
import threading
from datetime import timedelta
from email import policy

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from pypdf import PdfReader

from planner.enums import Language, LetterStatus, Status
from planner.extensions import db
from planner.models import Letter, LetterEmail, Organisation, StatusChange, now
from tests import factories
from tests.test_letters import flashes, html, stored, text
from tests.test_letters_pdf import SHORT, partnership_with

SENDER = "letters@warmhome.example"


class Inbox:
    """An SMTP handler that keeps what it accepts, or refuses every recipient when told to."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[list[str]] = []
        self.refuse: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(list(envelope.rcpt_tos))
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app):
    """A real SMTP server on loopback, and the app set up to send through it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_DEFAULT_SENDER=SENDER
    )
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def coordinator(auth, user):
    user.name = "Ada Admin"
    org = db.session.scalar(sa.select(Organisation))
    org.name = "Warm Home"
    org.signatory_name = "Ilze Berzina"
    db.session.commit()
    auth.login()
    return user


def draft_letter(language="en", email_address="anna@bakery.example", **partner):
    p = partnership_with(SHORT, name="Northern Bakery", email=email_address, **partner)
    return factories.letter(p, language)


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message) -> str:
    found = re.search(r"http://localhost(/confirm/\S+)", body_of(message))
    assert found, body_of(message)
    return found.group(1)


def attached_pdf(message) -> PdfReader:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    return PdfReader(io.BytesIO(part.get_content()))


def pdf_words(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def send(client, letter, recipient=""):
    return client.post(
        f"/letters/{letter.id}/email", data={"recipient": recipient}, follow_redirects=True
    )


@pytest.fixture
def partner_client(app):
    """Someone without an account: the partner who opens the link."""
    return app.test_client()


def confirm(client, link, name="Anna Smirnova", title="Director", authorised="y"):
    data = {"name": name, "title": title}
    if authorised:
        data["authorised"] = authorised
    return client.post(link, data=data)


# --- sending --------------------------------------------------------------------------------


def test_send_emails_the_pdf_and_a_link(client, coordinator, smtp, partner_client):
    """Sending a draft freezes it, e-mails the partner's contact the kept PDF (the fingerprint
    the app shows) with a link that opens the letter; the e-mail is recorded on the letter."""
    letter = draft_letter()
    response = send(client, letter)
    assert flashes(response) == [
        f"Letter {letter.reference} was e-mailed to anna@bakery.example with a link to "
        "confirm it online."
    ]
    letter = stored(letter.id)
    assert letter.status is LetterStatus.SENT
    assert letter.partnership.status is Status.AGREED

    (message,) = smtp.messages
    assert smtp.envelopes == [["anna@bakery.example"]]
    assert message["To"] == "anna@bakery.example"
    assert message["From"] == f"Warm Home <{SENDER}>"
    assert message["Reply-To"] == "admin@example.org"
    assert message["Subject"] == f"Letter {letter.reference} from Warm Home: please confirm"
    shown = html(client.get(f"/letters/{letter.id}/")).select_one(".meta code").get_text()
    assert shown == letter.fingerprint
    assert letter.fingerprint in body_of(message)
    words = pdf_words(attached_pdf(message))
    assert letter.fingerprint in words
    assert "Bread for forty families every week" in words
    assert "Dear" in body_of(message) or "Hello" in body_of(message)

    page = partner_client.get(link_in(message))
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    sheet = text(html(page).select_one(".sheet"))
    assert "Bread for forty families every week" in sheet
    assert letter.fingerprint in text(html(page))
    assert html(page).find("button", string="Confirm the letter")
    assert html(page).find("button", string="Ask for changes")

    detail = html(client.get(f"/letters/{letter.id}/"))
    (sent,) = detail.select(".sent-mail li")
    assert text(sent).startswith("To anna@bakery.example on ")
    assert text(sent).endswith("by Ada Admin")


def test_an_address_typed_then_is_used(client, coordinator, smtp):
    """An address typed when sending replaces the partner's contact; a wrong one is refused."""
    letter = draft_letter()
    response = send(client, letter, "not an address")
    assert flashes(response) == ["Give an e-mail address such as name@example.org."]
    assert smtp.messages == []
    assert stored(letter.id).status is LetterStatus.DRAFT
    send(client, letter, "director@bakery.example")
    assert smtp.envelopes == [["director@bakery.example"]]
    assert db.session.scalar(sa.select(LetterEmail.recipient)) == "director@bakery.example"


def test_tls_given_as_text_false(app, client, coordinator, smtp):
    """PLANNER_MAIL_USE_TLS=False from the environment (text, not JSON) means no STARTTLS: the
    plain loopback server takes the letter."""
    app.config["MAIL_USE_TLS"] = "False"
    send(client, draft_letter())
    assert len(smtp.messages) == 1


def test_a_partner_without_an_address(client, coordinator, smtp):
    """No address on record and none typed: the coordinator is asked for one."""
    letter = draft_letter(email_address="")
    response = send(client, letter)
    assert flashes(response) == ["Give the partner's e-mail address: none is on record."]
    assert stored(letter.id).status is LetterStatus.DRAFT


def test_a_refusing_server_leaves_the_letter_as_it_was(client, coordinator, smtp):
    """A server that refuses the recipient: a clear message, the draft stays a draft, nothing
    is recorded."""
    smtp.refuse = "550 5.1.1 No such mailbox"
    letter = draft_letter()
    response = send(client, letter)
    assert flashes(response) == [
        "The mail server 127.0.0.1 refused the address anna@bakery.example. Nothing was sent "
        "and the letter is unchanged."
    ]
    letter = stored(letter.id)
    assert letter.status is LetterStatus.DRAFT
    assert letter.snapshot is None
    assert letter.partnership.status is Status.NEGOTIATING
    assert db.session.scalar(sa.select(sa.func.count(LetterEmail.id))) == 0


def test_a_server_that_is_down(app, client, coordinator):
    """Nothing listens at the configured port: the coordinator is told, the letter unchanged."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_DEFAULT_SENDER=SENDER)
    letter = draft_letter()
    response = send(client, letter)
    assert flashes(response) == [
        "The mail server 127.0.0.1 could not be reached. Nothing was sent and the letter is "
        "unchanged: try again later, or download the PDF and send it yourself."
    ]
    assert stored(letter.id).status is LetterStatus.DRAFT
    assert db.session.scalar(sa.select(sa.func.count(LetterEmail.id))) == 0


def test_without_a_mail_server_the_button_explains(client, coordinator):
    """No mail server configured: the button is off and says how to set it up; marking as
    sent by hand still works."""
    letter = draft_letter()
    page = html(client.get(f"/letters/{letter.id}/"))
    section = page.select_one(".send-mail")
    button = section.find("button")
    assert button.has_attr("disabled")
    hint = page.find(id=button["aria-describedby"])
    assert "PLANNER_MAIL_SERVER" in text(hint)
    assert "download the PDF, send it yourself and mark the letter as sent" in text(hint)
    assert page.find("button", string="Yes, mark as sent and freeze the text")
    response = send(client, letter)
    assert flashes(response) == [
        "E-mail is not set up on this server: download the PDF and send it yourself."
    ]
    client.post(f"/letters/{letter.id}/send")
    assert stored(letter.id).status is LetterStatus.SENT


# --- the link -------------------------------------------------------------------------------


@pytest.fixture
def emailed(client, coordinator, smtp):
    """A letter e-mailed to the partner, and the path of the link in the e-mail."""
    letter = draft_letter()
    send(client, letter)
    return stored(letter.id), link_in(smtp.messages[-1])


def test_the_link_is_unguessable_and_kept_only_as_a_hash(emailed, partner_client):
    """At least 256 bits in the link; the database holds its SHA-256, never the token; a token
    one character off opens nothing."""
    letter, link = emailed
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 random bytes in base64
    row = db.session.execute(sa.select(LetterEmail.__table__)).one()
    assert token not in " ".join(str(value) for value in row)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    other = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert partner_client.get(f"/confirm/{other}").status_code == 404
    assert confirm(partner_client, f"/confirm/{other}").status_code == 404
    assert stored(letter.id).status is LetterStatus.SENT


def test_confirming_signs_once_and_commits(client, emailed, smtp, partner_client):
    """A confirmation records name, title, time and "online", signs the letter, commits the
    partnership and shows on the letter page, in the PDF and on the dashboard; a second
    confirmation records nothing more."""
    letter, link = emailed
    response = confirm(partner_client, link)
    assert response.status_code == 303
    letter = stored(letter.id)
    assert letter.status is LetterStatus.SIGNED
    assert (letter.partner_signatory, letter.partner_signatory_title) == (
        "Anna Smirnova",
        "Director",
    )
    assert letter.signed_method == "online"
    assert now() - letter.confirmed_at < timedelta(minutes=1)
    assert letter.partnership.status is Status.COMMITTED

    again = confirm(partner_client, link, name="Someone Else")
    assert again.status_code == 409
    assert stored(letter.id).partner_signatory == "Anna Smirnova"
    commits = db.session.scalar(
        sa.select(sa.func.count(StatusChange.id)).where(StatusChange.new_status == Status.COMMITTED)
    )
    assert commits == 1

    page = html(partner_client.get(link))
    assert text(page.select_one(".confirmed-online")).startswith(
        "Confirmed online by Anna Smirnova, Director, on "
    )
    assert page.select_one(".sheet") and not page.find("form")
    download = page.find("a", string="Download the confirmed letter (PDF)")
    kept = partner_client.get(download["href"])
    assert kept.mimetype == "application/pdf"
    assert "Confirmed online by Anna Smirnova" in pdf_words(PdfReader(io.BytesIO(kept.data)))

    meta = text(html(client.get(f"/letters/{letter.id}/")).select_one(".meta"))
    assert "Confirmed online by Anna Smirnova, Director, on" in meta
    pdf = client.get(f"/letters/{letter.id}.pdf")
    confirmed_pdf = PdfReader(io.BytesIO(pdf.data))
    # One line more than the letter as sent, on the same number of pages.
    assert len(confirmed_pdf.pages) == len(attached_pdf(smtp.messages[0]).pages)
    words = pdf_words(confirmed_pdf)
    assert "Confirmed online by Anna Smirnova, Director, on" in words
    assert letter.fingerprint in words

    dashboard = html(client.get("/"))
    (answer,) = dashboard.select(".answers li")
    assert text(answer).startswith(
        "The letter to Northern Bakery in "
    ) and "was confirmed online by Anna Smirnova, Director, on" in text(answer)


def test_concurrent_confirmations_record_one_signature(app, emailed):
    """Two people confirming at the same moment: one signature, one step to committed."""
    letter, link = emailed
    start = threading.Barrier(2)
    codes = []

    def press(name):
        with app.test_client() as someone:
            start.wait()
            codes.append(confirm(someone, link, name=name).status_code)

    threads = [threading.Thread(target=press, args=(n,)) for n in ("First Person", "Second One")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [303, 409]
    letter = stored(letter.id)
    assert letter.partner_signatory in ("First Person", "Second One")
    commits = db.session.scalar(
        sa.select(sa.func.count(StatusChange.id)).where(StatusChange.new_status == Status.COMMITTED)
    )
    assert commits == 1


def test_confirming_needs_a_name_a_title_and_the_declaration(emailed, partner_client):
    """Each missing part is named next to its field, and nothing is signed."""
    letter, link = emailed
    response = confirm(partner_client, link, name="", title="", authorised="")
    assert response.status_code == 400
    errors = [text(p) for p in html(response).select(".error")]
    assert errors == [
        "Give your name.",
        "Give your position.",
        "Confirm that you may sign for the partner.",
    ]
    assert stored(letter.id).status is LetterStatus.SENT


def test_asking_for_changes_keeps_the_letter_sent(client, emailed, partner_client):
    """A change request puts the comment on the letter page and the dashboard; the letter stays
    sent and can still be confirmed."""
    letter, link = emailed
    response = partner_client.post(f"{link}/changes", data={"comment": "Deliveries on Fridays."})
    assert response.status_code == 303
    letter = stored(letter.id)
    assert letter.status is LetterStatus.SENT
    assert letter.change_request == "Deliveries on Fridays."
    page = html(client.get(f"/letters/{letter.id}/"))
    assert text(page.select_one(".change-request blockquote")) == "Deliveries on Fridays."
    (answer,) = html(client.get("/")).select(".answers li")
    assert "asked for changes on" in text(answer)
    assert "“Deliveries on Fridays.”" in text(answer)
    again = html(partner_client.get(link))
    assert "You asked for changes on" in text(again)
    assert again.find("button", string="Confirm the letter")
    empty = partner_client.post(f"{link}/changes", data={"comment": " "})
    assert [text(p) for p in html(empty).select(".error")] == ["Say what should change."]


def test_an_expired_link(app, emailed, partner_client):
    """After LETTER_LINK_DAYS the link says so and confirms nothing."""
    letter, link = emailed
    record = db.session.scalar(sa.select(LetterEmail))
    assert record.expires_at - record.sent_at == timedelta(days=30)
    record.expires_at = now() - timedelta(seconds=1)
    db.session.commit()
    page = partner_client.get(link)
    assert page.status_code == 410
    assert "This link expired on" in text(html(page))
    assert partner_client.get(f"{link}.pdf").status_code == 410
    confirm(partner_client, link)
    assert stored(letter.id).status is LetterStatus.SENT


def test_link_days_setting(app, client, coordinator, smtp):
    """LETTER_LINK_DAYS sets how long a new link works."""
    app.config["LETTER_LINK_DAYS"] = 7
    send(client, draft_letter())
    record = db.session.scalar(sa.select(LetterEmail))
    assert record.expires_at - record.sent_at == timedelta(days=7)


def test_a_withdrawn_link(client, emailed, partner_client):
    """The coordinator withdraws the links: they open nothing."""
    letter, link = emailed
    response = client.post(f"/letters/{letter.id}/links/revoke", follow_redirects=True)
    assert flashes(response) == ["The confirmation links no longer work."]
    assert "(link withdrawn)" in text(html(response).select_one(".sent-mail"))
    assert partner_client.get(link).status_code == 404
    assert confirm(partner_client, link).status_code == 404
    assert partner_client.get(f"{link}.pdf").status_code == 404
    assert stored(letter.id).status is LetterStatus.SENT


@pytest.mark.parametrize("ending", ["amend", "sign", "decline"])
def test_an_amended_signed_or_declined_letter_closes_the_link(
    client, emailed, partner_client, ending
):
    """Once the letter is amended, signed by hand or declined, its link confirms nothing."""
    letter, link = emailed
    data = {
        "amend": {},
        "sign": {"signed_on": "2026-03-10", "partner_signatory": "By Hand"},
        "decline": {"declined_on": "2026-03-10"},
    }[ending]
    client.post(f"/letters/{letter.id}/{ending}", data=data)
    page = partner_client.get(link)
    assert page.status_code == 410
    assert "no longer waits for a confirmation" in text(html(page))
    confirm(partner_client, link)
    assert stored(letter.id).signed_method == ""


def test_the_link_changes_nothing_else(emailed, partner_client):
    """The link opens its one letter: another letter stays as it was, and the app's own pages
    still ask for a sign-in."""
    letter, link = emailed
    other = factories.letter(partnership_with(SHORT, name="Other Partner"), sent_on=now().date())
    partner_client.get(link)
    confirm(partner_client, link)
    assert stored(other.id).status is LetterStatus.SENT
    for path in ("/", f"/letters/{letter.id}/", f"/letters/{other.id}.pdf"):
        assert partner_client.get(path).status_code == 302
    assert partner_client.post(f"/letters/{other.id}/links/revoke").status_code == 302


def test_a_sent_letter_can_be_emailed_again(client, emailed, smtp, partner_client):
    """A second e-mail of a sent letter carries its own link; both are recorded."""
    letter, first = emailed
    send(client, letter, "second@bakery.example")
    second = link_in(smtp.messages[-1])
    assert first != second
    assert stored(letter.id).fingerprint == letter.fingerprint
    assert len(html(client.get(f"/letters/{letter.id}/")).select(".sent-mail li")) == 2
    assert partner_client.get(second).status_code == 200


# --- Russian --------------------------------------------------------------------------------


def test_russian_letter_email_and_confirmation_page(client, coordinator, smtp, partner_client):
    """A Russian letter goes with a Russian e-mail; its page speaks Russian whatever the
    browser's language, field errors included."""
    letter = draft_letter("ru")
    send(client, letter)
    (message,) = smtp.messages
    # The encoded header starts on a folded line; unfolding leaves a space mail readers drop.
    subject = message["Subject"].strip()
    assert subject == f"Письмо {letter.reference} от Warm Home: просим подтвердить"
    body = body_of(message)
    assert "Здравствуйте" in body and "Ссылка действует до" in body
    link = link_in(message)
    page = partner_client.get(link, headers={"Accept-Language": "en"})
    soup = html(page)
    assert soup.html["lang"] == "ru"
    assert text(soup.h1) == f"Письмо {letter.reference} от Warm Home"
    assert soup.find("button", string="Подтвердить письмо")
    assert soup.find("button", string="Попросить изменений")
    assert soup.find("label", string="Ваше имя")
    failed = confirm(partner_client, link, name="", authorised="")
    assert [text(p) for p in html(failed).select(".error")] == [
        "Укажите ваше имя.",
        "Подтвердите, что вы вправе подписать письмо от имени партнёра.",
    ]
    confirm(partner_client, link, name="Анна Смирнова", title="Директор")
    done = text(html(partner_client.get(link)).select_one(".confirmed-online"))
    assert done.startswith("Подтверждено онлайн: Анна Смирнова, Директор, ")


def test_russian_coordinator_screens(client, coordinator, smtp):
    """The coordinator's side in Russian: the section, its button, the flash and the list."""
    coordinator.language = Language.RU
    db.session.commit()
    letter = draft_letter()
    page = html(client.get(f"/letters/{letter.id}/"))
    assert text(page.select_one(".send-mail h2")) == "Отправить партнёру"
    response = send(client, letter)
    assert flashes(response) == [
        f"Письмо {letter.reference} отправлено на anna@bakery.example со ссылкой для "
        "подтверждения онлайн."
    ]
    assert text(html(response).select_one(".sent-mail h2")) == "Отправленные письма"
    assert text(html(response).select_one(".sent-mail li")).startswith(
        "Отправлено на anna@bakery.example "
    )


def test_russian_not_set_up_hint(client, coordinator):
    """Without a mail server the Russian hint names the settings."""
    coordinator.language = Language.RU
    db.session.commit()
    letter = draft_letter()
    hint = text(html(client.get(f"/letters/{letter.id}/")).find(id="mail-not-set-up"))
    assert hint.startswith("Отправка почты не настроена на этом сервере.")
    assert "PLANNER_MAIL_SERVER" in hint


# --- the demo -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_demo_has_letters_answered_online(client, language):
    """The demo holds a letter confirmed online, one with a request for changes and one
    e-mailed and waiting; the dashboard shows the first two."""
    from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo

    load_demo(language=language)
    assert db.session.scalar(sa.select(sa.func.count(LetterEmail.id))) == 3
    confirmed = db.session.scalars(sa.select(Letter).where(Letter.signed_method == "online")).all()
    assert [letter.status for letter in confirmed] == [LetterStatus.SIGNED]
    assert confirmed[0].partnership.status in (Status.COMMITTED, Status.ACTIVE)
    asked = db.session.scalars(sa.select(Letter).where(Letter.change_request != "")).all()
    assert [letter.status for letter in asked] == [LetterStatus.SENT]
    client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    answers = html(client.get("/")).select(".answers li")
    assert [li["class"] for li in answers] == [["answer-confirmed"], ["answer-changes"]]
