"""Load and fault runs against a production-mode gunicorn (see run.py)."""
