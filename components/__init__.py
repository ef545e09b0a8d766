"""Reusable Streamlit widgets and figures."""
