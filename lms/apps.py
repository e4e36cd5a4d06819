"""The project as an app: site-wide infrastructure (page cache purging, template tags)."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Site infrastructure"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Page, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move
        from wagtail.snippets.models import get_snippet_models

        from lms.pagecache import purge_page_cache

        # Anything an anonymous visitor can see on a page changes through these.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(purge_page_cache, dispatch_uid=f"pagecache-{id(signal)}")

        content_models = {Site, get_image_model(), get_document_model()}

        def purge_when_content_changes(sender, instance, **kwargs):
            # Snippets register after this app is ready, so look them up each time.
            if (
                isinstance(instance, Page)
                or sender in content_models
                or sender in get_snippet_models()
            ):
                purge_page_cache()

        for signal in (post_save, post_delete):
            signal.connect(
                purge_when_content_changes,
                dispatch_uid=f"pagecache-content-{id(signal)}",
                weak=False,
            )
