"""Reports and exports built from core/: PDF profile, slides and decks (no Streamlit)."""
