"""KS's SKOS vocabulary of ITU's U4SSC key performance indicators with their SDG links (Turtle, via Arkitektum).

The names of dimensions, sub-dimensions and categories follow ITU's collection methodology for the U4SSC KPIs
(2017); the vocabulary itself gives only their abbreviations.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import rdflib

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


def read(path: Path) -> pd.DataFrame:
    """One row per KPI: ks_id, code, dimension, sub_dimension, category, kpi_no, kpi_type, name_en, SDG goals and
    targets, periodicity, suggested source; sorted by dimension, sub-dimension, category and number."""
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
