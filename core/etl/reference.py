"""The SDG framework (goals, targets, indicators in bokmål and English) and the U4SSC KPI catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import rdflib
import yaml


def read_sdg(goals: dict[str, Path], targets: dict[str, Path], indicators: dict[str, Path], colours: dict[int, str]):
    """Return (goals, targets, indicators) frames; each language dict maps 'en'/'nb' to a YAML file."""
    g = {lang: yaml.safe_load(path.read_text(encoding="utf-8")) for lang, path in goals.items()}
    goal_frame = pd.DataFrame(
        [
            {
                "number": n,
                "short_nb": g["nb"][f"{n}-short"],
                "short_en": g["en"][f"{n}-short"],
                "title_nb": g["nb"][f"{n}-title"],
                "title_en": g["en"][f"{n}-title"],
                "colour": colours[n],
            }
            for n in range(1, 18)
        ]
    )
    return goal_frame, _titled(targets, "target"), _titled(indicators, "indicator")


def _titled(files: dict[str, Path], level: str) -> pd.DataFrame:
    texts = {lang: yaml.safe_load(path.read_text(encoding="utf-8")) for lang, path in files.items()}
    rows = []
    for key, title_en in texts["en"].items():
        match = re.fullmatch(r"(\d+)-([0-9a-z]+)(?:-(\d+))?-title", key)
        if not match:
            continue
        goal, target, number = match.groups()
        code = f"{goal}.{target}" + (f".{number}" if number else "")
        row = {"code": code, "goal": int(goal), "title_en": title_en, "title_nb": texts["nb"].get(key) or title_en}
        if level == "indicator":
            row["target_code"] = f"{goal}.{target}"
        rows.append(row)
    return pd.DataFrame(rows).drop_duplicates("code")


NAMESPACES = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dc": "http://purl.org/dc/",
    "dct": "http://purl.org/dc/terms/",
    "sdgo": "http://metadata.un.org/sdg/ontology#",
}
DIMENSIONS = {"EC": "Economy", "EN": "Environment", "SC": "Society and Culture"}
SUB_DIMENSIONS = {
    "ICT": "ICT",
    "P": "Productivity",
    "I": "Infrastructure",
    "EN": "Environment",
    "E": "Energy",
    "EH": "Education, Health and Culture",
    "SH": "Safety, Housing and Social Inclusion",
}
CATEGORIES = {
    "ICT": "ICT Infrastructure",
    "WS": "Water and Sanitation",
    "D": "Drainage",
    "ES": "Electricity Supply",
    "T": "Transport",
    "PS": "Public Sector",
    "IN": "Innovation",
    "EM": "Employment",
    "WA": "Waste",
    "B": "Buildings",
    "UP": "Urban Planning",
    "AQ": "Air Quality",
    "EQ": "Environmental Quality",
    "PSN": "Public Space and Nature",
    "E": "Energy",
    "ED": "Education",
    "H": "Health",
    "C": "Culture",
    "HO": "Housing",
    "SI": "Social Inclusion",
    "SA": "Safety",
    "FS": "Food Security",
}


def read_u4ssc(path: Path) -> pd.DataFrame:
    """KS's SKOS vocabulary of the U4SSC KPIs; structure names follow ITU's collection methodology (2017)."""
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    ns = {prefix: rdflib.Namespace(uri) for prefix, uri in NAMESPACES.items()}

    def tail(uri) -> str:
        return str(uri).rstrip("/").split("/")[-1]

    rows = []
    for subject in set(graph.subjects(ns["skos"].notation, None)):
        dimension, sub, category, number = (
            p.strip() for p in str(graph.value(subject, ns["skos"].notation)).split(":")
        )
        match = re.match(r"(\d+)([CA])", number.replace(" ", ""))
        rows.append(
            {
                "ks_id": tail(subject),
                "code": f"{dimension}: {sub}: {category}: {number.replace(' ', '')}",
                "dimension": DIMENSIONS[dimension],
                "sub_dimension": SUB_DIMENSIONS[sub],
                "category": CATEGORIES[category],
                "kpi_no": int(match.group(1)),
                "kpi_type": {"C": "Core", "A": "Advanced"}[match.group(2)],
                "name_en": str(graph.value(subject, ns["dc"].title)),
                "sdg_goals": ";".join(sorted({tail(o) for o in graph.objects(subject, ns["sdgo"].hasGoal)}, key=int)),
                "sdg_targets": ";".join(sorted(tail(o) for o in graph.objects(subject, ns["sdgo"].isIndicatorOf))),
                "periodicity": tail(graph.value(subject, ns["dct"].accrualPeriodicity) or ""),
                "suggested_source": str(graph.value(subject, ns["dct"].source) or ""),
            }
        )
    return pd.DataFrame(rows).sort_values(["dimension", "sub_dimension", "category", "kpi_no", "ks_id"])
