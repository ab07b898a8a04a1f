from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The editorial framework every content app builds on: the publish rule, the review
    queue, versions, the recycle bin, the edit lock, spreadsheets, sanitizing, pictures."""

    name = "editorial"
    verbose_name = "编辑工作"
