"""Template tags of the site infrastructure."""
