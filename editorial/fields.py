"""Model fields shared by every app."""

from django.db import models
from django.urls import reverse_lazy
from django_ckeditor_5.fields import CKEditor5Field
from django_ckeditor_5.widgets import CKEditor5Widget

from editorial.contacts import normalize_email, normalize_phone
from editorial.files import delete_after_commit
from editorial.images import process_image, save_renditions, validate_image_field
from editorial.richtext_styles import editor_html
from editorial.sanitize import clean_html


class CleanedImageField(models.ImageField):
    """An ImageField whose new files are checked and re-encoded by `process_image`,
    stored with their renditions (`editorial.images.save_renditions`).

    The stored name is generated; the original upload name is not kept on disk. A
    replaced picture and its renditions are deleted once the save commits.
    """

    def __init__(self, *args, max_side: int | None = None, **kwargs):
        self.max_side = max_side
        kwargs.setdefault("validators", [validate_image_field])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_side is not None:
            kwargs["max_side"] = self.max_side
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            checked = process_image(file.file, max_side=self.max_side)
            replaced = self._stored_name(model_instance) if not add else ""
            file.save(checked.content.name, checked.content, save=False)
            save_renditions(file.storage, file.name, checked.content)
            if replaced and replaced != file.name:
                delete_after_commit([(file.storage, replaced)])
        return file

    def _stored_name(self, instance) -> str:
        """The name the row holds now (asked only when a new picture comes)."""
        manager = type(instance)._base_manager
        return manager.filter(pk=instance.pk).values_list(self.attname, flat=True).first() or ""


class PhoneField(models.CharField):
    """A phone number stored as its national number (`editorial.contacts`) whatever saves
    it, so a unique constraint on it compares people, not ways of writing a number."""

    def pre_save(self, model_instance, add):
        value = normalize_phone(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class EmailAddressField(models.EmailField):
    """An e-mail address stored in its one form (`editorial.contacts`), as PhoneField."""

    def pre_save(self, model_instance, add):
        value = normalize_email(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class RichTextWidget(CKEditor5Widget):
    """CKEditor 5 with the stored formatting classes back as the styles it reads, the
    字数 count and the warning after a paste (static/js/editor.js)."""

    class Media:
        js = ["js/editor.js"]

    def format_value(self, value):
        return editor_html(super().format_value(value))

    def __init__(self, config_name="default", attrs=None):
        attrs = {"data-paste-check-url": reverse_lazy("portal:editor_check"), **(attrs or {})}
        super().__init__(config_name, attrs)


class RichTextField(CKEditor5Field):
    """CKEditor 5 rich text, sanitized with nh3 whenever the model is saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config_name", "default")
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        kwargs.setdefault("widget", RichTextWidget(config_name=self.config_name))
        return super().formfield(**kwargs)

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
