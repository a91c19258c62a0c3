"""Sanctioned territories in addresses and free text, with look-alike control."""

from __future__ import annotations

import pytest

from redline.text.territories import (
    hits,
    scan,
    territory_for_country,
    territory_for_currency,
)


@pytest.mark.parametrize(("text", "code"), [
    ("ул. Ленина 5, г. Севастополь", "ua-cri"),
    ("Сімферополь, АР Крим", "ua-cri"),
    ("Kerch port", "ua-cri"),
    ("Donetsk People's Republic", "ua-dpr"),
    ("Маріуполь", "ua-dpr"),
    ("Lugansk", "ua-lpr"),
    ("Melitopol, Zaporizhzhia oblast", "ua-zap-occ"),
    ("Бердянськ", "ua-zap-occ"),
    ("Nova Kakhovka", "ua-khe-occ"),
    ("Kherson", "ua-khe"),
    ("CALLE 23, LA HABANA", "cu"),
    ("FLORIDA, CAMAGUEY, CUBA", "cu"),
    ("تهران، ایران", "ir"),
    ("Bandar Abbas", "ir"),
    ("平壤", "kp"),
    ("DPRK", "kp"),
    ("Korea, Democratic People's Republic of", "kp"),
    ("دمشق", "sy"),
    ("Aleppo, Syria", "sy"),
    ("Москва", "ru"),
    ("MINSK BELARUS", "by"),
])
def test_sanctioned_places_in_any_script(text, code):
    assert code in {m.territory.code for m in hits(text)}


@pytest.mark.parametrize(("text", "context", "why"), [
    ("MIAMI, FLORIDA", (), "common name"),
    ("Crimea Street, Toronto", (), "street"),
    ("12 Moscow Road, London", (), "street"),
    ("45 rue de Crimée, Paris", (), "street"),
    ("Havana, Illinois", (), "US"),
    ("Moscow, Idaho", (), "US"),
    ("Moscow, ID 83843", (), "state code"),
    ("Cuba, NM 87013", (), "state code"),
    ("Sebastopol, CA 95472", (), "state code"),
    ("St Petersburg, Florida", (), "US"),
    ("Havana", ("us",), "address country US"),
    ("BREST, FRANCE", (), "country"),
    ("Tokmak, Kyrgyzstan", (), "country"),
])
def test_look_alikes_are_not_hits(text, context, why):
    assert hits(text, context) == []
    reasons = [m.suppressed for m in scan(text, context)]
    assert reasons and all(reasons) and any(why in r for r in reasons)


def test_whole_words_only_and_consistent_context():
    assert hits("Krymskaya ulitsa; Sevastopolskiy prospekt; Irani Trading") == []
    assert hits("Sevastopol", ("ua",))[0].territory.code == "ua-cri"
    assert hits("Sevastopol", ("ru",))[0].territory.code == "ua-cri"
    assert hits("Payment to Sevastopol in March")[0].matched == "Sevastopol"
    (match,) = hits("Brest", ("by",))
    assert match.kind == "weak_place"


def test_country_codes_and_currencies():
    assert territory_for_country("IR").level == "embargo"
    assert territory_for_country("kp").name == "North Korea"
    assert territory_for_country("ru").level == "risk"
    assert territory_for_country("de") is None and territory_for_country(None) is None
    assert territory_for_currency("IRR").code == "ir"
    assert territory_for_currency("kpw").code == "kp"
    assert territory_for_currency("EUR") is None
