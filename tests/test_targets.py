"""Local 2030 targets: history on every change, bad input refused, and the override in the scores."""

from __future__ import annotations

from datetime import UTC

import pytest

from core import targets
from core.errors import UserError
from core.scores import compute


@pytest.fixture(scope="module")
def url(private_database, add_users):
    url = private_database("targets")
    add_users(url, {name: ("secretariat", None, None) for name in ("Kari", "Ola", "Per")})
    return url


def test_every_change_keeps_who_when_and_before(url):
    targets.set_target("Kari", "municipality", "0301", "low_income_eu60", 9.0, 2030, "Bystyresak 12/24", url=url)
    targets.set_target("Ola", "municipality", "0301", "low_income_eu60", 8.0, 2028, "Bystyresak 40/25", url=url)
    assert targets.remove_target("Per", "municipality", "0301", "low_income_eu60", url=url)
    log = targets.history("municipality", "0301", url)
    assert [(c.action, c.changed_by) for c in log] == [("set", "Kari"), ("change", "Ola"), ("remove", "Per")]
    assert (log[1].old_value, log[1].old_year, log[1].old_reference) == (9.0, 2030, "Bystyresak 12/24")
    assert (log[1].new_value, log[1].new_year) == (8.0, 2028)
    assert (log[2].old_value, log[2].new_value) == (8.0, None)
    assert all(c.changed_at.tzinfo == UTC for c in log)  # aware, in UTC
    assert targets.targets_of("municipality", "0301", url) == []
    assert not targets.remove_target("Per", "municipality", "0301", "low_income_eu60", url=url)


@pytest.mark.parametrize(
    "arguments, key",
    [
        (("Kari", "municipality", "0301", "no_such", 1.0, 2030, ""), "target.error.indicator"),
        (("Kari", "municipality", "0301", "population", 1.0, 2030, ""), "target.error.indicator"),  # context
        (("Kari", "municipality", "0301", "low_income_eu60", 120.0, 2030, ""), "target.error.share"),
        (("Kari", "municipality", "0301", "farmland_converted_per_1000", -1.0, 2030, ""), "target.error.negative"),
        (("Kari", "municipality", "0301", "low_income_eu60", float("nan"), 2030, ""), "target.error.value"),
        (("Kari", "municipality", "0301", "low_income_eu60", 5.0, 2101, ""), "target.error.year"),
        (("Kari", "municipality", "0301", "low_income_eu60", 5.0, 2030, "x" * 301), "target.error.reference"),
        (("", "municipality", "0301", "low_income_eu60", 5.0, 2030, ""), "gate.login_needed"),
        (("Kari", "municipality", "9999", "low_income_eu60", 5.0, 2030, ""), "target.error.area"),
        (("Kari", "planet", "0301", "low_income_eu60", 5.0, 2030, ""), "target.error.level"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(url, arguments, key):
    before = targets.version(url)
    with pytest.raises(UserError) as error:  # TargetError for bad input, PermissionDenied for no account
        targets.set_target(*arguments, url=url)
    assert error.value.key == key
    assert targets.version(url) == before


def test_a_local_target_overrides_the_default_in_progress_and_export(url):
    from core import queries
    from core.catalogue import load_catalogue

    observations, catalogue = queries.all_observations(url), load_catalogue()
    default = compute(observations, catalogue).indicators.set_index(["area_code", "indicator_id"])
    assert default.loc[("5610", "low_income_eu60"), "target"] == pytest.approx(5.6)
    targets.set_target("Kari", "municipality", "5610", "low_income_eu60", 10.5, 2030, "Sak 1", url=url)
    local = compute(observations, catalogue, targets.local_targets(url)).indicators
    row = local.set_index(["area_code", "indicator_id"]).loc[("5610", "low_income_eu60")]
    assert (row.target, row.target_year, row.target_origin) == (10.5, 2030, "local")
    assert row.progress == "reached"  # 10.0 % in 2022 is already below 10.5 %
    assert default.loc[("5610", "low_income_eu60"), "progress"] != "reached"


def test_target_changes_are_in_the_audit_trail(url):
    from core import audit

    targets.set_target("Kari", "municipality", "1101", "turnout_parliament", 85.0, 2030, "Sak 7", url=url)
    targets.remove_target("Kari", "municipality", "1101", "turnout_parliament", url=url)
    logged = [e for e in audit.entries(url) if e.entity == "local_target"][:2]
    assert [e.action for e in logged] == ["delete", "create"]
    assert '"value": 85.0' in logged[0].before and logged[0].after is None
