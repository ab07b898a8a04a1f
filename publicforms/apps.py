from django.apps import AppConfig


class PublicFormsConfig(AppConfig):
    """The kit behind every form the public fills in: captcha, honeypot, rate limits,
    reference codes, private files, receipts, look-ups and code reminders."""

    name = "publicforms"
    verbose_name = "公众表单"
