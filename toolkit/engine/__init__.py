"""The validation engine: reads any Frictionless data package and gives frictionless's verdict on it, fast."""
