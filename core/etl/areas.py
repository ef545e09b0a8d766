"""Counties and municipalities of the 2024 structure, from Kartverket, SSB and the register files (as read by
their readers, core/etl/readers)."""

from __future__ import annotations

import pandas as pd


def counties(county_boundaries: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame([f["properties"] for f in county_boundaries])
    return (
        frame.rename(columns={"fylkesnummer": "code", "fylkesnavn": "official_name"})[["code", "name", "official_name"]]
        .sort_values("code")
        .reset_index(drop=True)
    )


def kostra_group_names(kostra_groups: pd.DataFrame) -> dict[str, str]:
    """'EKG01' -> 'KOSTRA-gruppe 1 (2 000 - 9 999 innb., lave bundne kostnader, lave frie inntekter)'."""
    names = {}
    for row in kostra_groups.fillna("").itertuples():
        number = int(row.kostragruppe.split()[-1])
        size = row.folkemengde if row.folkemengde[:1].isalpha() else f"{row.folkemengde} innb."
        parts = [size, f"{row.bundekostnader.lower()} bundne kostnader"]
        if row.frie_disponible_inntekter:
            parts.append(f"{row.frie_disponible_inntekter.lower()} frie disponible inntekter")
        names[f"EKG{number:02d}"] = f"{row.kostragruppe} ({', '.join(parts)})"
    return names


def municipalities(
    municipality_boundaries: list[dict], register: pd.DataFrame, structure: pd.DataFrame, population: pd.DataFrame,
    kostra_groups: pd.DataFrame,
) -> pd.DataFrame:
    properties = pd.DataFrame([f["properties"] for f in municipality_boundaries])
    official = properties[["kommunenummer", "kommunenavn"]].rename(
        columns={"kommunenummer": "code", "kommunenavn": "name"}
    )
    names = register.rename(
        columns={
            "id": "code",
            "name": "name_sami",
            "name_no": "name_norwegian",
            "adm_center": "admin_centre",
            "language": "language_form",
            "area": "area_km2",
        }
    )[["code", "name_sami", "name_norwegian", "admin_centre", "language_form", "area_km2"]]
    ssb_names = population[population.year == population.year.max()][["code", "name"]].rename(
        columns={"name": "name_ssb"}
    )
    struct = structure[structure["År"] == "2024"].rename(
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
    """Each name form once, the Norwegian first: 'Karasjok – Kárášjohka (5610)' (core.search.display_label); the
    search itself (core.search) finds every form, folded."""
    from core.search import display_label

    return display_label(code, name_norwegian, name, name_ssb, name_sami)


_KOSTRA_WORDS = [
    ("De åtte kommunene med høyest skatteinntekter per innbygger",
     "the eight municipalities with the highest tax revenue per inhabitant"),
    ("Oslo kommune", "Oslo"), ("KOSTRA-gruppe", "KOSTRA group"), (" innb.", " inhabitants"),
    ("bundne kostnader", "fixed costs"), ("frie disponible inntekter", "free disposable income"),
    ("lave", "low"), ("middels", "medium"), ("høye", "high"), ("eller", "or"),
]


def kostra_group_description(name: str | None, lang: str) -> str | None:
    """A KOSTRA group's description in the interface language: SSB's bokmål as it is, or its English rendering
    ('KOSTRA group 1 (2,000–9,999 inhabitants, low fixed costs, low free disposable income)'); None when there is
    no description, or when an English one cannot be made from every word (no Norwegian in the English pages)."""
    import re

    if not name:
        return None
    if lang != "en":
        return name
    text = name
    for norwegian, english in _KOSTRA_WORDS:
        text = text.replace(norwegian, english)
    text = re.sub(r"(\d) (\d{3})", r"\1,\2", text).replace(" - ", "–")
    known = {"kostra", "group", "inhabitants", "fixed", "costs", "free", "disposable", "income", "low", "medium",
             "high", "or", "oslo", "the", "eight", "municipalities", "with", "highest", "tax", "revenue", "per",
             "inhabitant"}
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    return text if words <= known else None
