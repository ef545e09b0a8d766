"""Every CSV and Excel download: the spreadsheet dialect of the interface language, a BOM, formulas neutralised,
file names in the interface language (core.exports)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from components.downloads import excel_file
from core.exports import FORMULA_STARTS, csv_bytes, file_name, neutralise, neutralise_cell

FRAME = pd.DataFrame({"navn": ["Tromsø", "=HYPERLINK(\"x\")", "+47", "-1", "@SUM(A1)", "\tx", "\rx", "vanlig"],
                      "verdi": [1.5, -2.25, 1000.0, 0.0, None, 3.0, 4.0, 5.75]})


def parse(content: bytes, lang: str) -> pd.DataFrame:
    assert content.startswith(b"\xef\xbb\xbf")
    sep, decimal = (";", ",") if lang == "nb" else (",", ".")
    return pd.read_csv(io.BytesIO(content), sep=sep, decimal=decimal, encoding="utf-8-sig", keep_default_na=False,
                       na_values=[""])


def test_bokmaal_is_semicolon_and_decimal_comma_with_a_bom():
    content = csv_bytes(FRAME, "nb")
    assert content.startswith(b"\xef\xbb\xbfnavn;verdi\r\n")
    assert b"1,5" in content and b"-2,25" in content
    back = parse(content, "nb")
    assert back.verdi.tolist()[:4] == [1.5, -2.25, 1000.0, 0.0]
    assert back.navn[0] == "Tromsø"


def test_english_is_comma_and_decimal_point_with_a_bom():
    content = csv_bytes(FRAME, "en")
    assert content.startswith(b"\xef\xbb\xbfnavn,verdi\r\n")
    back = parse(content, "en")
    assert back.verdi.tolist()[:4] == [1.5, -2.25, 1000.0, 0.0]


def test_formula_cells_are_neutralised_and_numbers_are_not():
    back = parse(csv_bytes(FRAME, "nb"), "nb")
    for text in back.navn:
        assert not str(text).startswith(FORMULA_STARTS)
    assert back.navn[1] == "'=HYPERLINK(\"x\")" and back.navn[2] == "'+47" and back.navn[7] == "vanlig"
    assert back.verdi[1] == -2.25  # a negative number stays a number


def test_excel_cells_are_neutralised():
    back = pd.read_excel(io.BytesIO(excel_file(FRAME, "ark")))
    assert back.navn[1].startswith("'=") and back.navn[4] == "'@SUM(A1)"
    assert back.verdi[1] == -2.25


def test_column_labels_and_index_are_neutralised():
    frame = pd.DataFrame({"=a": ["x"]}, index=pd.Index(["-b"], name="k"))
    assert list(neutralise(frame).columns) == ["'=a"] and list(neutralise(frame).index) == ["'-b"]
    assert csv_bytes(frame, "en", index=True).decode("utf-8-sig").splitlines()[1].startswith("'-b")


@given(st.text())
def test_no_neutralised_cell_starts_like_a_formula(text):
    result = neutralise_cell(text)
    assert not result.startswith(FORMULA_STARTS)
    assert result in (text, "'" + text)


@given(st.lists(st.text(), min_size=1, max_size=5), st.sampled_from(["nb", "en"]))
def test_any_text_round_trips(texts, lang):
    # A second column keeps every line non-blank: pandas' reader skips a line that is only spaces (Excel does not).
    frame = pd.DataFrame({"n": [str(i) for i in range(len(texts))], "x": texts})
    sep = ";" if lang == "nb" else ","
    back = pd.read_csv(io.BytesIO(csv_bytes(frame, lang)), sep=sep, encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert back.x.tolist() == [neutralise_cell(t) for t in texts]


def test_file_names_follow_the_language():
    assert file_name("scores", "nb", "5501") == "poeng_5501.csv"
    assert file_name("scores", "en", "5501") == "scores_5501.csv"
    assert file_name("indicators", "nb") == "indikatorer.csv" and file_name("indicators", "en") == "indicators.csv"


def test_no_download_in_the_app_writes_csv_by_hand():
    """Every CSV download goes through core.exports.csv_bytes (the upload template has its own fixed dialect)."""
    root = Path(__file__).resolve().parents[1]
    offenders = []
    for folder in ("app_pages", "components"):
        for path in (root / folder).glob("*.py"):
            if re.search(r"\.to_csv\(", path.read_text(encoding="utf-8")):
                offenders.append(path.name)
    assert offenders == []


def test_the_command_lines_csv_neutralises_typed_in_names(monkeypatch, capsys):
    """`python -m core users` lists names people typed: a formula there is text, not a formula (issue 17 §5)."""
    from types import SimpleNamespace

    import core.__main__ as cli
    from core import auth

    typed = SimpleNamespace(username="=cmd|'/c calc'!A1", display_name="@SUM(1)", role="coordinator",
                            area_level="municipality", area_code="5501", active=True, created_at="2026-01-01")
    monkeypatch.setattr(auth, "users", lambda *a, **k: [typed], raising=False)
    cli._users(None)  # it imports users from core.auth when called
    out = capsys.readouterr().out
    assert "\n'=cmd" in out and ",'@SUM(1)," in out


def test_file_stems_translate_every_known_word():
    from core.exports import stem

    assert stem("progress", "nb", "5501", "goals") == "mot_2030_5501_mål"
    assert stem("progress", "en", "5501", "goals") == "progress_5501_goals"
    assert stem("map", "nb", "goal_11", "municipality", 2024) == "kart_goal_11_kommuner_2024"
    assert stem("map", "en", "low_income_eu60", "county", 2022) == "map_low_income_eu60_counties_2022"
    assert stem("trend", "nb", "0301", "population") == "utvikling_0301_population"  # indicator ids stay ids
