"""Settings split by environment: base, dev, production and test."""
