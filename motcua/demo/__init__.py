"""The demo data set of `motcua demo`: a sample province, one login per role, the catalogue."""
