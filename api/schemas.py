"""The shapes of the API's answers: the OpenAPI schema is generated from these."""

from __future__ import annotations

from ninja import Field, Schema


class Error(Schema):
    detail: str = Field(description="说明，中文")


def answers(schema) -> dict:
    """An endpoint's answers: `schema` on success, Error otherwise."""
    return {200: schema, 400: Error, 404: Error, 429: Error}


class Page(Schema):
    page: int
    next: str | None = Field(description="下一页的完整地址；没有下一页时为 null")
    previous: str | None


class SectionNode(Schema):
    id: int
    name: str
    slug: str
    kind: str = Field(description="list 文章列表 / page 单页 / link 链接")
    url: str = Field(description="网站上的完整地址")
    description: str
    children: list[SectionNode]


class SectionRef(Schema):
    id: int
    name: str
    slug: str


class ArticleItem(Schema):
    id: int
    title: str
    subtitle: str
    summary: str
    section: SectionRef
    publish_at: str = Field(description="发布时间，ISO 8601，+08:00")
    is_pinned: bool = Field(description="置顶")
    is_headline: bool = Field(description="头条")
    cover: str | None = Field(description="列表用封面图（240×160）的完整地址")
    url: str


class ArticlePage(Page):
    results: list[ArticleItem]


class Attachment(Schema):
    title: str
    url: str
    size: int = Field(description="字节")
    extension: str


class ArticleDetail(ArticleItem):
    source: str = Field(description="来源")
    author: str = Field(description="作者")
    view_count: int = Field(description="点击量（缓存期内的数值）")
    members_only: bool = Field(description="会员可见：为 true 时只给出标题和摘要")
    body_html: str | None = Field(
        description="正文，已按网站的白名单清理，图片和链接为完整地址；会员可见的文章为 null"
    )
    attachments: list[Attachment]
    cover_large: str | None = Field(description="原始封面图的完整地址")


class EntryLine(Schema):
    column: str
    title: str
    page: int | None
    article_id: int | None = Field(description="对应的已发布文章；没有或未发布时为 null")
    article_url: str | None


class Issue(Schema):
    id: int
    year: int
    number: int
    label: str
    title: str
    summary: str
    published_on: str = Field(description="出版日期，YYYY-MM-DD")
    cover: str | None
    pdf: str | None
    url: str
    contents: list[EntryLine]


class IssuePage(Page):
    results: list[Issue]


class EventItem(Schema):
    id: int
    title: str
    summary: str
    place: str
    starts_at: str
    ends_at: str
    registration_opens_at: str
    registration_closes_at: str
    capacity: int
    places_left: int = Field(description="剩余名额（不少于 0）")
    waiting_list: bool = Field(description="名额满后是否接受候补")
    registration_state: str = Field(
        description="not_yet 未开始报名 / open 报名中 / waiting_list 可报名候补 / "
        "full 名额已满 / closed 报名已截止 / over 活动已结束"
    )
    registration_state_label: str
    cover: str | None
    url: str


class EventPage(Page):
    results: list[EventItem]


class FacetOption(Schema):
    value: str
    label: str
    count: int = Field(description="选上这一项（保留其他筛选）时的条数")
    selected: bool


class FacetGroup(Schema):
    param: str = Field(description="查询参数名")
    label: str
    options: list[FacetOption]


class Zone(Schema):
    id: int
    name: str
    level: str
    level_label: str
    zone_type: str
    zone_type_label: str
    province: str
    city: str
    year_approved: int | None
    industries: list[str]
    url: str


class ZonePage(Page):
    count: int = Field(description="符合筛选条件的总数")
    facets: list[FacetGroup]
    results: list[Zone]


class Association(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    province: str
    website: str
    phone: str
    is_member: bool
    logo: str | None
    url: str


class AssociationPage(Page):
    count: int
    facets: list[FacetGroup]
    results: list[Association]


class Site(Schema):
    name: str
    subtitle: str
    description: str
    brand_color: str
    logo: str | None
    wechat_name: str = Field(description="微信公众号名称")
    wechat_qr: str | None = Field(description="微信公众号二维码图片的完整地址")
    qq_group: str
    contact_address: str
    contact_phone: str
    contact_email: str
    icp_number: str
    police_number: str
    copyright: str
    grayscale: bool = Field(description="全站灰色（哀悼日）此刻是否生效")
    url: str
