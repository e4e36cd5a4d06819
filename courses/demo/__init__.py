"""Demo content for the site: the data in `content`, the loader in `loader`.

`python manage.py load_demo` builds the demo site from them; see that command.
"""
