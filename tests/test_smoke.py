from bs4 import BeautifulSoup

from tests import factories


def test_dashboard_lists_my_project(client, auth, user):
    """A signed-in coordinator sees the projects they coordinate on the dashboard."""
    factories.project(title="Warm winter", coordinator=user)
    page = BeautifulSoup(client.get("/").text, "html.parser")
    assert [a.text for a in page.select("#mine ~ table a")] == ["Warm winter"]
