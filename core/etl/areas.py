"""Counties and municipalities of the 2024 structure, from Kartverket, SSB and the register files."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd


def read_counties(county_boundaries: Path) -> pd.DataFrame:
    features = json.loads(county_boundaries.read_text(encoding="utf-8"))["features"]
    frame = pd.DataFrame([f["properties"] for f in features])
    return (
        frame.rename(columns={"fylkesnummer": "code", "fylkesnavn": "official_name"})[["code", "name", "official_name"]]
        .sort_values("code")
        .reset_index(drop=True)
    )


def kostra_group_names(kostra_groups: Path) -> dict[str, str]:
    """'EKG01' -> 'KOSTRA-gruppe 1 (2 000 - 9 999 innb., lave bundne kostnader, lave frie inntekter)'."""
    frame = pd.read_excel(kostra_groups, dtype=str)
    names = {}
    for row in frame.fillna("").itertuples():
        number = int(row.kostragruppe.split()[-1])
        size = row.folkemengde if row.folkemengde[:1].isalpha() else f"{row.folkemengde} innb."
        parts = [size, f"{row.bundekostnader.lower()} bundne kostnader"]
        if row.frie_disponible_inntekter:
            parts.append(f"{row.frie_disponible_inntekter.lower()} frie disponible inntekter")
        names[f"EKG{number:02d}"] = f"{row.kostragruppe} ({', '.join(parts)})"
    return names


def read_municipalities(
    municipality_boundaries: Path, register: Path, structure: Path, population: Path, kostra_groups: Path
) -> pd.DataFrame:
    features = json.loads(municipality_boundaries.read_text(encoding="utf-8"))["features"]
    official = pd.DataFrame([f["properties"] for f in features])[["kommunenummer", "kommunenavn"]].rename(
        columns={"kommunenummer": "code", "kommunenavn": "name"}
    )
    names = pd.DataFrame(json.loads(register.read_text(encoding="utf-8"))).rename(
        columns={
            "id": "code",
            "name": "name_sami",
            "name_no": "name_norwegian",
            "adm_center": "admin_centre",
            "language": "language_form",
            "area": "area_km2",
        }
    )[["code", "name_sami", "name_norwegian", "admin_centre", "language_form", "area_km2"]]
    ssb = pd.read_csv(population, dtype={"kom2024": str})
    ssb_names = ssb[ssb.aar == ssb.aar.max()][["kom2024", "navn"]].rename(
        columns={"kom2024": "code", "navn": "name_ssb"}
    )
    struct = pd.read_excel(structure, dtype=str)
    struct = struct[struct["År"] == "2024"].rename(
        columns={"Kommunenummer": "code", "sentralitet": "centrality", "kostranr": "kostra_group_code"}
    )[["code", "centrality", "kostra_group_code"]]
    struct["centrality"] = pd.to_numeric(struct.centrality).astype("Int64")
    struct["kostra_group_name"] = struct.kostra_group_code.map(kostra_group_names(kostra_groups))
    frame = (
        official.merge(names, on="code", how="left")
        .merge(ssb_names, on="code", how="left")
        .merge(struct, on="code", how="left")
    )
    frame["county_code"] = frame.code.str[:2]
    frame["name_ssb"] = frame.name_ssb.fillna(frame.name)
    return frame.sort_values("code").reset_index(drop=True)


def search_label(name: str, name_ssb: str, name_norwegian: str, name_sami: str, code: str) -> str:
    """One label holding every official name form, so a search by any of them finds the municipality."""
    forms: list[str] = []
    for form in (name, name_ssb, name_norwegian, name_sami):
        if form and all(form.casefold() not in known.casefold() for known in forms):
            forms.append(form)
    return f"{' / '.join(forms)} ({code})"
