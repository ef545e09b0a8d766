"""ETL: build the database from the verified upstream files and the project's catalogue."""
