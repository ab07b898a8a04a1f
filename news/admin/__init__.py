"""The news admin: sections, articles and the magazine, a module each; importing this
package registers them."""

from news.admin.articles import ArticleAdmin
from news.admin.magazine import MagazineIssueAdmin
from news.admin.sections import SectionAdmin

__all__ = ["ArticleAdmin", "MagazineIssueAdmin", "SectionAdmin"]
