from motcua.documents.tests.intake_fixtures import *  # noqa: F403 (shared fixtures)
