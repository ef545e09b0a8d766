"""Domain layer of the dashboard: data, ETL, catalogue and queries. Never imports streamlit."""
