"""Address names (网址名) from Chinese names: pinyin of each word, words joined by "-"
(国家级开发区动态 → guojiaji-kaifaqu-dongtai), unique within a model."""

from django.db import models
from django.utils.text import slugify
from pypinyin import lazy_pinyin

from search.text import segmenter


def pinyin_slug(text: str, max_length: int = 60) -> str:
    """The pinyin of `text`, one group per word (jieba with site search's dictionary);
    letters and digits in the text are kept. Empty when nothing is left (punctuation)."""
    words = ["".join(lazy_pinyin(w)) for w in segmenter.tokenizer.lcut(text, HMM=False)]
    slug = slugify("-".join(words))
    return slug[:max_length].strip("-")


def unique_slug(
    model: type[models.Model], text: str, *, field: str = "slug", exclude_pk=None
) -> str:
    """`pinyin_slug(text)`, with -2, -3 … added when another row of `model` has it."""
    max_length = model._meta.get_field(field).max_length
    base = pinyin_slug(text, max_length - 4) or model._meta.model_name
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": base})
        .exclude(pk=exclude_pk)
        .values_list(field, flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
