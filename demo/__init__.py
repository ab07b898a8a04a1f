"""The demo site: invented but plausible content for `manage.py load_demo`.

Not part of the installed packages. The words live in the JSON files beside this
module (one file per subject); the modules here compose them into rows with fixed
random seeds, draw the pictures and PDFs, and create only what is missing, so the demo
is the same on every machine and loading it again changes nothing.
"""

from django.core.management import call_command
from django.db import transaction

from demo import directory, events, membership, news, pages, reads, submissions


def load(stdout) -> None:
    """Site settings and pages, the directories, the news and a month of its reads,
    messages and submissions, membership applications, then events with their
    registrations.

    News links its articles to the directory's zones, so the directory comes first. Each
    part commits on its own.
    """
    call_command("init_site", stdout=stdout)  # the demo fills the standard structure
    for part in (pages, directory, news, reads, submissions, membership, events):
        with transaction.atomic():
            part.load(stdout)
