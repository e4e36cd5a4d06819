"""The page benchmark (`make bench`): gunicorn over the demo site, driven by wrk.

Not part of the test suite. `bench/pages.py` is the entry point; `bench/settings.py`
and `bench/urls.py` are production settings with a baseline route in front.
"""

# Shared by bench/urls.py (the route) and bench/pages.py (the client), which
# cannot import the URL module before Django's settings are configured.
BASELINE_PATH = "/__bench__/baseline/"
