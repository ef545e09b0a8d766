"""Users page (issue 13 §5): the area of a new coordinator is searched among municipalities and counties, and a
county coordinator is created with the county as its own area (AppTest on a private database)."""

from __future__ import annotations

from core import auth, queries
from core.i18n import t


def test_a_county_coordinator_is_created_from_the_users_page(private_database, add_users, identity_of, monkeypatch,
                                                             open_page):
    url = private_database("users_county")
    add_users(url, {"brukeradmin": ("admin", None, None)})
    monkeypatch.setenv("DATABASE_URL", url)
    counties = queries.counties(url)
    app = open_page("users", identity_of(url, "brukeradmin"), "nb")
    area = app.selectbox(key="new_user_area")
    offered_counties = [option for option in area.options if "(fylke " in option]
    assert len(offered_counties) == len(counties)  # every county, beside the municipalities
    troms = counties[counties.code == "55"].iloc[0]
    area.set_value(("county", "55"))
    form = [w for w in app.text_input if w.proto.form_id == "new_user"]
    username, name, password = form[0], form[1], form[2]
    username.set_value("koord.troms")
    name.set_value("Koordinator Troms")
    password.set_value("fylkets eget lange passord")
    role = next(box for box in app.selectbox if box.label == t("users.role", "nb"))
    role.set_value("coordinator")
    next(b for b in app.button if b.proto.form_id == "new_user").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    created = next(u for u in auth.users(url) if u.username == "koord.troms")
    assert (created.role, created.area_level, created.area_code) == ("coordinator", "county", "55")
    assert t("users.county_label", "nb", name=troms["name"], code="55") in offered_counties
