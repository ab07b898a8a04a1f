"""Spreadsheet import and export in the admin, within the configured limits."""

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from import_export.admin import ImportExportModelAdmin

from editorial import spreadsheets


class SpreadsheetAdmin(ImportExportModelAdmin):
    """导入/导出 of a change list (django-import-export) as every import here works:
    XLSX or CSV (UTF-8, GBK or GB18030) written safe for Excel (`editorial.spreadsheets`), a
    preview with each bad row named in Chinese, all rows or none, and 下载导入模板.
    Importing takes the add and change permissions; exporting the view permission."""

    formats = spreadsheets.FORMATS
    import_form_class = spreadsheets.ImportForm

    def get_urls(self):
        opts = self.opts
        template = path(
            "import/template/",
            self.admin_site.admin_view(self.import_template_view),
            name=f"{opts.app_label}_{opts.model_name}_import_template",
        )
        return [template, *super().get_urls()]

    def import_template_view(self, request):
        """下载导入模板: an XLSX with the header row the import expects."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]()
        content = spreadsheets.XLSX().export_data(tablib.Dataset(headers=resource.header()))
        response = HttpResponse(content, content_type=spreadsheets.XLSX().get_content_type())
        filename = f"{self.opts.verbose_name}导入模板.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        if form is not None and form.errors:
            response.status_code = 400  # a refused file; the page says why
        ignored = getattr(context.get("result"), "ignored_columns", None)
        if ignored:
            # A resource may return columns it does not know (`ignored_columns`): they
            # are left out, and the preview says so before the editor confirms.
            names = "、".join(f"“{name}”" for name in ignored)
            self.message_user(
                request,
                f"以下列无法识别，已忽略，不会导入：{names}。其余各列照常导入，"
                "请核对下面的预览后点“确认导入”。",
                messages.WARNING,
            )
        return response

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, spreadsheets.Refused):
            form.add_error("import_file", str(e))  # the limit it passed
            return
        form.add_error(
            "import_file",
            "无法读取这个文件：请确认所选格式与文件一致（Excel 表格选 xlsx，"
            "逗号分隔的文本选 csv），CSV 须为 UTF-8 或 GBK 编码。",
        )

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        # The confirmed import is all-or-nothing too: a row that turned bad after the
        # preview (an entry published meanwhile) rolls every row back.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            for problem in spreadsheets.row_problems(result):
                self.message_user(request, problem, messages.ERROR)
            self.message_user(request, "没有导入任何一行，请修改文件后重新导入。", messages.ERROR)
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)
