"""Site search over every published page."""
