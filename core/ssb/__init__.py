"""Statistics Norway's PxWeb API v2: a catalogue of table queries, a rate-limited client, JSON-stat parsing, refresh."""
