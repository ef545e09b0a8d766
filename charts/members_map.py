"""The colours of the network's members map (components/members_map.py draws it on the Leaflet map)."""

MEMBER_BLUE = "#1f5fa8"  # not a status colour: membership says nothing about how an area scores
OTHER_GREY = "#dcdcdc"
CHOSEN_RED = "#d62728"  # the chosen municipality's border, as static/sdg_choropleth.js draws it
