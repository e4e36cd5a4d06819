"""Fixtures shared by all tests."""

import pytest

from tests.builders import make_home, make_sections


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def sections(home):
    """(events index, course index) under a fresh home page."""
    return make_sections(home)
