"""The aggregate pages (/overview/…) send an anonymous visitor to the log-in page, for every URL
and method; the role-by-role table is tests/evaluation/test_evaluation_access.py."""

import pytest
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.urls.converters import IntConverter

from evaluation.urls import urlpatterns


def _url(name: str) -> str:
    """The URL with placeholder ids and slugs: nothing is looked up before the log-in."""
    pattern = next(p for p in urlpatterns if p.name == name)
    converters = pattern.pattern.converters
    kwargs = {key: 1 if isinstance(c, IntConverter) else "flow" for key, c in converters.items()}
    return reverse(f"evaluation:{name}", kwargs=kwargs)


NAMES = sorted(pattern.name for pattern in urlpatterns if pattern.name)


def test_every_overview_url_is_named():
    assert len(NAMES) == len(urlpatterns)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", NAMES)
def test_an_anonymous_visitor_is_sent_to_log_in(db, client, name, method):
    url = _url(name)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == redirect_to_login(url).url
