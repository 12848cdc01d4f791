from django.urls import reverse

from actionplans.models import OfferType
from actionplans.services import catalogue
from tests.factories import UserFactory


def test_admin_sees_and_adds_only_own_municipality_offers(client, nordby, sydby):
    catalogue.ensure_catalogue(nordby.municipality)
    catalogue.ensure_catalogue(sydby.municipality)
    admin = UserFactory(
        username="admin", municipality=nordby.municipality, is_municipality_admin=True
    )
    client.force_login(admin)
    listing = client.get(reverse("municipality_admin:actionplans_offertype_changelist"))
    assert listing.status_code == 200
    assert (
        listing.context["cl"].result_count
        == OfferType.objects.filter(municipality=nordby.municipality).count()
    )
    response = client.post(
        reverse("municipality_admin:actionplans_offertype_add"),
        {
            "name": "Lektiecafé",
            "category": "education",
            "legal_basis": "",
            "provider": "Biblioteket",
            "is_formal_grant": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert OfferType.objects.get(name="Lektiecafé").municipality == nordby.municipality
    other = OfferType.objects.filter(municipality=sydby.municipality).first()
    assert other is not None
    change = reverse("municipality_admin:actionplans_offertype_change", args=[other.pk])
    assert client.get(change).status_code in (302, 404)


def test_closing_checklist_is_configurable(client, nordby):
    admin = UserFactory(
        username="admin", municipality=nordby.municipality, is_municipality_admin=True
    )
    client.force_login(admin)
    response = client.post(
        reverse("municipality_admin:actionplans_closingcriterion_add"),
        {"text": "Netværksmøde holdt", "is_required": "on", "order": 9},
    )
    assert response.status_code == 302
