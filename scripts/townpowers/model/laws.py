"""Legal instruments and their articles, quoted verbatim with their source and version.

An article is stored whole, exactly as published (paragraphs, the 款, on separate lines; items,
the 项, on their own lines as printed). References point at an article and optionally at a 款 and
项, and the quoted text is cut from the stored article, so a quotation can never drift from its
source. What an article says about *who* may exercise a power is recorded beside it, because
that is what decides which of the notice's modes is lawful.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from .common import (
    ID,
    Act,
    Capacity,
    Competence,
    Condition,
    Duty,
    InstrumentLevel,
    PowerType,
    Route,
    Verification,
    Waiver,
    waivers_field,
)
from .common import id_meta as _id
from .schema import Loc, loc_field, meta

ARTICLE_LABEL = r"第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?"


class IssuerLevel(enum.Enum):
    """制定机关的层级：法律要求“省、自治区、直辖市”作出的决定，须是省级机关的决定。"""

    PROVINCE = "省级"
    CITY = "设区的市级"
    COUNTY = "县级"


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionScope:
    """一项决定所及的范围：把哪些事项交由哪些镇行使（照录决定原文时在 note 中写明出处）。"""

    powers: tuple[str, ...] = field(
        metadata=meta("决定所及的权力事项（事项编码）", min_items=1, pattern=ID)
    )
    towns: tuple[str, ...] = field(
        default=(),
        metadata=meta(
            "决定所及的镇（镇标识；不填为决定确定的全部乡镇，须在 note 中说明）", pattern=ID
        ),
    )
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class LawSource:
    """法律文本的出处。"""

    publisher: str = field(metadata=meta("发布渠道", examples=("国家法律法规数据库",)))
    url: str | None = field(default=None, metadata=meta("网址", pattern=r"https?://\S+"))
    via: str | None = field(
        default=None, metadata=meta("转录来源（仓库@提交）", examples=("LawRefBook/Laws@2f4c5c2",))
    )
    path: str | None = field(
        default=None,
        metadata=meta(
            "转录来源中的文件路径；同一文件保存在 catalog/sources/laws/ 下，供逐字比对",
            examples=("行政法/城乡规划法(2019-04-23).md",),
        ),
    )
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Version:
    """所引用的文本版本（修正、修订）。"""

    label: str = field(metadata=meta("版本说明", examples=("2019年第二次修正",)))
    date: dt.date = field(metadata=meta("该版本通过或公布的日期"))
    in_force_from: dt.date | None = field(
        default=None, metadata=meta("该版本的施行日期（未核实时在 unverified 中注明）")
    )
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Authorization:
    """条文授权乡镇人民政府做什么：哪些环节、以谁的名义、经什么途径、适用于哪类事项、附什么条件。"""

    acts: tuple[Act, ...] = field(metadata=meta("授权乡镇实施的环节", min_items=1))
    route: Route = field(metadata=meta("途径：法律直接规定、部门委托或省级决定"))
    capacity: Capacity = field(metadata=meta("名义：以自己名义或以委托机关名义"))
    paragraphs: tuple[int, ...] = field(
        default=(),
        metadata=meta("授权所在的款（不填为整条）；只引用其他款的依据不带来这项授权", minimum=1),
    )
    types: tuple[PowerType, ...] = field(
        default=(),
        metadata=meta("适用的事项类型（不填：适用于引用本条的事项，不论类型）"),
    )
    general: bool = field(
        default=False,
        metadata=meta(
            "一般规定：本条只规定委托的方式和条件，委托本身须另有法律、法规或规章的规定"
            "（如《行政许可法》第二十四条），单独引用不授权任何具体事项"
        ),
    )
    matter: str | None = field(
        default=None,
        metadata=meta(
            "授权所及的事项，照录条文中的原话（如“救助金额较小的”）；检查规则核对它确实出自条文",
            examples=("救助金额较小的",),
        ),
    )
    body: str | None = field(
        default=None,
        metadata=meta(
            "条文没有点名乡镇人民政府时，条文对受托者的原话（如“其委托的单位”）；只有能包括乡镇人民政府的"
            "称谓（单位、组织、机关）才能据此授权镇",
            examples=("其委托的单位",),
        ),
    )
    powers: tuple[str, ...] = field(
        default=(),
        metadata=meta(
            "授权所及的权力事项（事项编码）：只有这些事项能经本条取得授权；不填则适用于引用本条的"
            "所有事项（只宜用于不限定事项的条文）",
            pattern=r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*",
        ),
    )
    since: dt.date | None = field(
        default=None,
        metadata=meta(
            "这一授权首次施行的日期（最早作出这一授权的版本的施行日期）；不填时由本库保留的版本推得："
            "修改时未改动的条文沿用原版本"
        ),
    )
    conditions: tuple[Condition, ...] = field(
        default=(),
        metadata=meta(
            "本条为委托附加的条件（委托的前提：书面委托、公告、执法资格人员、县级人民政府批准，"
            "在赋权记录 entrustment 中逐项核对）"
        ),
    )
    duties: tuple[Duty, ...] = field(
        default=(),
        metadata=meta(
            "委托以后委托机关的责任（如监督并承担法律责任、指导和培训）：不是委托的前提，不在赋权记录中核对"
        ),
    )
    min_certified_staff: int | None = field(
        default=None,
        metadata=meta(
            "受委托实施时至少须有的取得行政执法资格的人数（本条或本法规定人数时填写，出处写在 staff_article，"
            "如《行政处罚法》第四十二条“执法人员不得少于两人”）",
            minimum=1,
            maximum=100,
        ),
    )
    staff_article: str | None = field(
        default=None,
        metadata=meta(
            "规定这一人数的条文（同一法律文件中已录入的条号，如“第四十二条”）",
            examples=("第四十二条",),
        ),
    )
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()

    def same_grant(self, other: Authorization) -> bool:
        """Whether ``other`` (the article in another version) gives the town the same thing."""
        return (self.acts, self.route, self.capacity) == (other.acts, other.route, other.capacity)


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """一条条文，全文照录。"""

    number: str = field(
        metadata=meta("条号，如“第四十一条”；政策文件可写“二（二）”等", examples=("第四十一条",))
    )
    key: str | None = field(
        default=None, metadata=_id("条文标识；条号不是“第N条”形式时必填（用作追溯编号）")
    )
    text: str = field(
        metadata=meta("条文全文，逐字照录；各款分行，各项按原文单独成行；不含条号本身")
    )
    competence: Competence = field(metadata=meta("条文对行使主体的规定"))
    competence_note: str | None = field(default=None, metadata=meta("对行使主体规定的说明"))
    authorizes: tuple[Authorization, ...] = field(
        default=(),
        metadata=meta(
            "本条授权乡镇人民政府做什么（检查规则据此判断赋权方式是否合法；没有授权的不填）"
        ),
    )
    verification: Verification = field(metadata=meta("文本核对状况"))
    note: str | None = field(default=None, metadata=meta("说明（如版本差异、条号变化）"))
    waivers: tuple[Waiver, ...] = waivers_field()
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class EarlierVersion:
    """法律文件的早先版本：修改前的版本和当时的条文（只录入本库引用的条）。

    法律修改后，把原来的 version 和 articles 移到 earlier 中，顶层写新版本和新文本。在新版本施行
    之前实施的赋权，适用的仍是这里的文本；审核时据此显示“旧文本 → 新文本”。
    """

    version: Version = field(metadata=meta("该版本"))
    source: LawSource | None = field(default=None, metadata=meta("该版本文本的出处"))
    note: str | None = field(default=None, metadata=meta("说明"))
    articles: tuple[Article, ...] = field(metadata=meta("该版本中本库引用的条文", min_items=1))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class InstrumentFile:
    """laws/<标识>.yaml：一部法律、法规、规章或文件，以及所引用的条文。"""

    id: str = field(metadata=_id("法律文件标识（拼音缩写）"))
    title: str = field(metadata=meta("全称", examples=("中华人民共和国城乡规划法",)))
    short_title: str = field(metadata=meta("简称", examples=("城乡规划法",)))
    level: InstrumentLevel = field(metadata=meta("效力层级"))
    issuer: str = field(metadata=meta("制定机关"))
    document_number: str | None = field(
        default=None, metadata=meta("文号或令号", examples=("中华人民共和国国务院令第649号",))
    )
    adopted: dt.date = field(metadata=meta("首次通过或公布日期"))
    effective: dt.date = field(metadata=meta("首次施行日期"))
    version: Version = field(metadata=meta("所引用的文本版本"))
    repealed: dt.date | None = field(
        default=None, metadata=meta("废止或失效日期（仅在已核实时填写）")
    )
    source: LawSource = field(metadata=meta("文本出处"))
    issuer_level: IssuerLevel | None = field(
        default=None,
        metadata=meta("制定机关的层级（作为省级决定引用的文件必填：省级）"),
    )
    published: str | None = field(
        default=None,
        metadata=meta("公布的渠道（公报、政府网站或报纸；法律要求决定应当公布时必填）"),
    )
    decides: DecisionScope | None = field(
        default=None,
        metadata=meta("作为决定：交由哪些镇行使哪些事项（作为省级决定引用的文件必填）"),
    )
    unverified: tuple[str, ...] = field(
        default=(), metadata=meta("未经核实的字段名，如 version.in_force_from")
    )
    note: str | None = field(default=None, metadata=meta("说明"))
    articles: tuple[Article, ...] = field(metadata=meta("所引用的条文", min_items=1))
    earlier: tuple[EarlierVersion, ...] = field(
        default=(),
        metadata=meta("早先版本（先早后晚）：法律修改后保留的原版本和原条文"),
    )
    waivers: tuple[Waiver, ...] = waivers_field()
    loc: Loc = loc_field()

    def versions(self) -> list[tuple[Version, tuple[Article, ...]]]:
        """Every version the catalog keeps, oldest first, the current one last."""
        return [(v.version, v.articles) for v in self.earlier] + [(self.version, self.articles)]

    def article_versions(self, number: str) -> list[tuple[Version, Article]]:
        """The article in every kept version, oldest first. An earlier version lists only the
        articles an amendment changed (docs/howto.md §8), so an article it does not list was
        the same as in the next version: it carries over."""
        out: list[tuple[Version, Article]] = []
        carried: Article | None = None
        for version, articles in reversed(self.versions()):
            found = next((a for a in articles if a.number == number), None)
            if found is None and carried is None and version is not self.version:
                continue  # an article the catalog did not cite then
            carried = found or carried
            if carried is not None:
                out.append((version, carried))
        return list(reversed(out))

    def article_on(self, number: str, day: dt.date) -> tuple[Version, Article | None]:
        """The one version selection every rule uses: the version in force on ``day`` (the
        oldest kept when none is yet) and the article as it read in that version."""
        version, _ = self.in_force_on(day)
        article = next((a for v, a in self.article_versions(number) if v is version), None)
        return version, article

    def authorized_since(self, number: str, auth: Authorization) -> dt.date:
        """When an authorization of the current article first took effect: its recorded
        ``since``, or the in-force date of the oldest kept version whose article already gave
        the town the same acts, route and capacity (unchanged articles carry over)."""
        if auth.since is not None:
            return auth.since
        start = self.version
        for version, article in reversed(self.article_versions(number)):
            if not any(auth.same_grant(a) for a in article.authorizes):
                break
            start = version
        return start.in_force_from or start.date

    def in_force_on(self, day: dt.date) -> tuple[Version, tuple[Article, ...]]:
        """The version in force on ``day``: the newest whose in-force date (or, when not
        recorded, its date) is not after ``day``; the oldest kept when none is yet."""
        versions = self.versions()
        chosen = versions[0]
        for version, articles in versions:
            if (version.in_force_from or version.date) <= day:
                chosen = (version, articles)
        return chosen
