"""Officer pages: start page, counter intake, the agency's dossiers."""
