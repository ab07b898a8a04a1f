import os

from django.core.wsgi import get_wsgi_application

from search.text import segmenter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()
# jieba's dictionary and OpenCC take about a second to load: a web process loads them
# now, so no reader's first search waits for them. Here and not in SearchConfig.ready(),
# which every management command and test run would pay for; under gunicorn's
# preload_app this runs once in the master and the workers share the pages.
segmenter.load()
