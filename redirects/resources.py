"""The spreadsheet columns of redirects (django-import-export): 旧地址, 新地址, 站外地址,
备注. Rows are matched on the old address in normal form, so importing a corrected file
again updates the rows instead of refusing them as duplicates."""

from django.core.exceptions import ValidationError
from import_export import fields, resources

from editorial.spreadsheets import TextWidget, YesNoWidget
from portal import freshness
from redirects.addresses import join, split_old_address
from redirects.models import Redirect


class RedirectResource(resources.ModelResource):
    old_address = fields.Field("old_address", "旧地址", widget=TextWidget())
    new_url = fields.Field("new_url", "新地址", widget=TextWidget())
    is_external = fields.Field("is_external", "站外地址", widget=YesNoWidget(default=False))
    note = fields.Field("note", "备注", widget=TextWidget())

    class Meta:
        model = Redirect
        fields = ("old_address", "new_url", "is_external", "note")
        import_id_fields = ("old_address",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import_row(self, row, **kwargs):
        # Match on the normal form: `/a?y=2&x=1` updates the row saved as `/a?x=1&y=2`.
        address = str(row.get("旧地址") or "").strip()
        try:
            row["旧地址"] = join(*split_old_address(address))
        except ValidationError:
            pass  # the model's clean() reports it on this row

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not kwargs.get("dry_run"):
            freshness.changed()
