"""Courses and events: the page trees editors build and learners read."""
