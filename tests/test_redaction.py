"""The redactor hides private strings in published text without mangling ordinary words."""

from planner.publishing.public import Redactor


def redact(text: str) -> str:
    return Redactor(
        {
            "Art": "a partner NGO",
            "Neva Radio": "a media partner",
            "anna@bakery.example": "[private]",
            "+7 812 555 01 01": "[private]",
        }
    )(text)


def test_names_and_contacts_are_replaced_in_any_case():
    """A name without consent and contact details disappear, whatever their case."""
    text = redact("ART helped; NEVA RADIO aired it; write anna@bakery.example, +7 812 555 01 01.")
    assert text == ("a partner NGO helped; a media partner aired it; write [private], [private].")


def test_a_short_name_does_not_eat_the_middle_of_a_word():
    """A partner called "Art" leaves "partners" and "start" alone."""
    assert redact("Our partners start early.") == "Our partners start early."


def test_a_name_followed_by_more_letters_is_still_hidden():
    """ "Neva Radios" or "Neva Radio's" cannot leak the name they begin with."""
    assert "Neva" not in redact("Neva Radios and Neva Radio's crew")


def test_a_short_name_is_found_where_a_longer_name_begins_the_same_way():
    """ "Art" is hidden in "Artistic", beside a partner called "Artisan Bakery"."""
    text = Redactor({"Art": "a partner NGO", "Artisan Bakery": "a local business"})(
        "Art, Artisan Bakery and Artistic Art."
    )
    assert text == "a partner NGO, a local business and a partner NGOistic a partner NGO."
