"""Checking and re-encoding uploaded images with Pillow.

Every image that enters the site passes `process_image`: it is opened by content (the
name and the browser's content type are ignored), refused when it is not an image, too
large in bytes or pixels (decompression bombs; for animated GIFs, frames x pixels),
re-encoded without any metadata block (`_without_metadata`), capped in size and given
a generated name that carries its width and height (`abc…_1600x900.jpg`).

Pictures readers see are served in the widths the layout needs (`Picture`): each stored
picture gets its renditions once, when it is stored (`store`, `save_renditions`), in
WebP and in JPEG (PNG for a PNG), named from the picture's own name, so that a page can
list them (`srcset`) without asking the storage or the database.
"""

import io
import posixpath
import re
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# What of `Image.info` a format needs to draw the picture the same. Everything else is
# metadata anyone can fill with anything (a JPEG comment, EXIF, XMP, an ICC profile,
# PNG text chunks) and Pillow writes some of it back on saving: it is all dropped.
_DRAWING_INFO = {
    "GIF": {"duration", "loop", "transparency", "background", "disposal"},
    "PNG": {"transparency"},
}
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class CheckedImage:
    content: ContentFile
    width: int
    height: int


def _open_verified(data: bytes) -> Image.Image:
    max_pixels = settings.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.width * probe.height > max_pixels:
                raise ValidationError(
                    "图片像素过多（%(w)d×%(h)d），请缩小后再上传。",
                    code="too_many_pixels",
                    params={"w": probe.width, "h": probe.height},
                )
            if probe.format not in FORMATS:
                raise ValidationError(
                    "不支持的图片格式，请上传 JPG、PNG、GIF 或 WebP 图片。", code="format"
                )
            probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.format == "GIF":
                _check_animation(image)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError("图片像素过多，疑似压缩炸弹，已拒绝。", code="bomb") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError("文件不是有效的图片，请上传 JPG、PNG、GIF 或 WebP 图片。") from exc
    return image


def _check_animation(image: Image.Image) -> None:
    """Refuse a GIF whose frames together are too many pixels to re-encode quickly.

    Every frame is re-encoded, so the cost is frames x pixels (60 frames of 1000x1000,
    a 110 KB file, took seconds). Counting stops at the limit: seeking decodes only the
    frames before it, so a refusal costs no more than the largest GIF accepted.
    """
    limit = min(
        settings.MAX_ANIMATION_FRAMES,
        settings.MAX_ANIMATION_PIXELS // (image.width * image.height),
    )
    limit = max(limit, 1)
    try:
        image.seek(limit)  # the frame after the last one allowed
    except EOFError:
        return
    finally:
        image.seek(0)
    raise ValidationError(
        "动图太大：%(w)d×%(h)d 的动图最多 %(limit)d 帧。请减少帧数或缩小尺寸后再上传，"
        "或改用静态图片。",
        code="too_many_frames",
        params={"w": image.width, "h": image.height, "limit": limit},
    )


def _without_metadata(image: Image.Image, fmt: str) -> Image.Image:
    """`image` with only the info its format needs; colours in an embedded ICC profile
    are converted to sRGB first, which is what a browser assumes without one."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode=image.mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the colours stay as they are
    image.info = {k: v for k, v in image.info.items() if k in _DRAWING_INFO.get(fmt, ())}
    return image


def process_image(
    upload, *, max_side: int | None = None, prefix: str = "", max_bytes: int | None = None
) -> CheckedImage:
    """Validate `upload` (a Django File) and return a cleaned copy ready to save.

    `max_bytes` defaults to MAX_IMAGE_UPLOAD_BYTES; a caller re-encoding a file that
    another limit already admitted passes that file's size.
    """
    max_bytes = max_bytes or settings.MAX_IMAGE_UPLOAD_BYTES
    if upload.size == 0:
        raise ValidationError("上传的文件是空的。", code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            "图片太大（%(size)s），上限为 %(limit)s。",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    data = upload.read()
    image = _open_verified(data)
    fmt = image.format
    if fmt != "GIF":  # animated GIFs keep their frames; everything else is rotated upright
        image = ImageOps.exif_transpose(image)
    side = max_side or settings.MAX_IMAGE_SIDE
    if fmt != "GIF" and max(image.size) > side:
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
    if fmt == "JPEG":
        image = image.convert("RGB")
    image = _without_metadata(image, fmt)
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif fmt == "GIF":
        image.save(out, "GIF", save_all=True)
    else:
        image.save(out, fmt, optimize=True)
    name = f"{prefix}{uuid.uuid4().hex}_{image.width}x{image.height}.{FORMATS[fmt]}"
    return CheckedImage(ContentFile(out.getvalue(), name=name), image.width, image.height)


def validate_image_field(upload) -> None:
    """Model/form field validator: refuses what `process_image` would refuse."""
    if upload and hasattr(upload, "read") and not getattr(upload, "_committed", False):
        process_image(upload)
        upload.seek(0)


def make_rendition(source, size: tuple[int, int], *, crop: bool = True) -> ContentFile:
    """A JPEG thumbnail of `source` (an opened file) at `size`, cropped to fill."""
    source.seek(0)
    with Image.open(source) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        if crop:
            image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
        else:
            image.thumbnail(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


# The widths pictures are served in. A phone 390 px wide at 2 device pixels per CSS pixel
# takes the 800 for a picture across the screen; a desktop column the 1200.
RENDITION_WIDTHS = (400, 800, 1200, 1600)
# A stored picture's own name says its size; GIFs (which may move) have no renditions.
_SIZED_NAME = re.compile(r"_(\d{1,5})x(\d{1,5})\.(jpg|png|webp)$")


@dataclass(frozen=True)
class Picture:
    """A stored picture (`name` in its storage) and the renditions made from it."""

    name: str
    width: int
    height: int

    @classmethod
    def of(cls, name: str) -> "Picture | None":
        """None for a picture stored before renditions existed (see `make_renditions`)."""
        match = _SIZED_NAME.search(name or "")
        if not match or not int(match[1]) or not int(match[2]):
            return None
        return cls(name, int(match[1]), int(match[2]))

    @property
    def fallback(self) -> str:
        """The format beside WebP: PNG for a PNG (it may be transparent), else JPEG."""
        return "png" if self.name.endswith(".png") else "jpg"

    @property
    def widths(self) -> tuple[int, ...]:
        """Every standard width below the picture's own, and its own (never enlarged)."""
        top = min(self.width, RENDITION_WIDTHS[-1])
        return (*(w for w in RENDITION_WIDTHS if w < top), top)

    def file(self, width: int, ext: str) -> str:
        return f"{posixpath.splitext(self.name)[0]}.{width}.{ext}"

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))

    def files(self) -> list[str]:
        return [self.file(w, ext) for w in self.widths for ext in ("webp", self.fallback)]


def rendition_names(name: str) -> list[str]:
    """The renditions of the stored picture `name` (none for other files)."""
    picture = Picture.of(name)
    return picture.files() if picture else []


def save_renditions(storage, name: str, content=None) -> list[str]:
    """Make and store the renditions of the stored picture `name` (read from `content`
    when given, else from the storage), replacing any of the same name. Returns them."""
    picture = Picture.of(name)
    if picture is None:
        return []
    source = content if content is not None else storage.open(name, "rb")
    source.seek(0)
    with Image.open(source) as image:
        image.load()
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    written = []
    for width in picture.widths:
        scaled = image.resize((width, picture.height_at(width)), Image.Resampling.LANCZOS)
        for ext in ("webp", picture.fallback):
            out = io.BytesIO()
            if ext == "webp":
                scaled.save(out, "WEBP", quality=80, method=4)
            elif ext == "png":
                scaled.save(out, "PNG", optimize=True)
            else:
                _opaque(scaled).save(out, "JPEG", quality=82, optimize=True, progressive=True)
            target = picture.file(width, ext)
            storage.delete(target)  # made again (make_renditions): the same name
            written.append(storage.save(target, ContentFile(out.getvalue())))
    return written


def _opaque(image: Image.Image) -> Image.Image:
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def store(storage, folder: str, checked: CheckedImage) -> str:
    """Save a checked picture under `folder` with its renditions; its stored name."""
    name = storage.save(posixpath.join(folder, checked.content.name), checked.content)
    save_renditions(storage, name, checked.content)
    return name


def with_renditions(storage, name: str) -> str:
    """The stored picture `name` ready for `srcset`: its renditions made where any is
    missing; a picture stored before renditions existed is first copied under a name
    with its size (returned). Not a picture, or a GIF: `name` as it is."""
    if (picture := Picture.of(name)) is not None:
        if not all(storage.exists(each) for each in picture.files()):
            save_renditions(storage, name)
        return name
    with storage.open(name, "rb") as handle:
        data = handle.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError):
        return name
    if fmt not in FORMATS or fmt == "GIF":
        return name
    folder = posixpath.dirname(name)
    target = posixpath.join(folder, f"{uuid.uuid4().hex}_{width}x{height}.{FORMATS[fmt]}")
    return store(storage, "", CheckedImage(ContentFile(data, name=target), width, height))
