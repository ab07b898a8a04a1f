"""Spreadsheet exports whose cells never run as formulas.

A cell typed by the public that starts with = + - @ (or a tab or carriage return, which
some programs skip before looking) is read by Excel and LibreOffice as a formula:
`=HYPERLINK(…)` in a unit name would become a live link in the office's spreadsheet.
django-import-export's own `IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT` only drops a
leading `=`, so resources of public input inherit `FormulaSafeResource`, which puts an
apostrophe before such text: spreadsheets show it as plain text, apostrophe hidden.
"""

from import_export import resources

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """`value` as text a spreadsheet shows and never evaluates."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class FormulaSafeResource(resources.ModelResource):
    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))
