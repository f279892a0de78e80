"""Use cases of the procedure catalogue: importing national records and local settings."""
