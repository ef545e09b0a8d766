"""Pure plotly figure builders (radar, status tiles, trend, ranked bars, small multiples, maps, print maps) and
their export as PNG: shared by the pages, the slides, the PDF report and the deck. No Streamlit import; only core/.
"""
