"""The config language: load, expand, validate, the schema, the sandbox, layers, rollover
and configs written back as text."""
