"""The jurisdiction profile (``profile.yaml``): what makes a catalog one county's or one city's.

The rest of the model is the same for every instance: powers, legal bases, the canonical axes
of a power's exercise (:class:`~.common.Act`, :class:`~.common.Route`, :class:`~.common.Capacity`)
and the record of grants. What differs from one instance to another is written here, as data:
the instrument that orders the work, who grants and through which tiers, which kinds of units
receive powers, the *mode vocabulary* (each mode defined on the canonical axes, so the legal
rules can reason on the axes whatever a mode is called), the domains, the unit categories, the
milestones a ledger tracks, and the words the site, the handbooks and the attachments print.
Code and templates read these instead of naming one city or its notice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .common import Act, Capacity, Mode, Route
from .common import id_meta as _id
from .schema import Loc, loc_field, meta


class GrantorLevel(enum.Enum):
    """赋权机关的层级。"""

    PROVINCE = "省"
    CITY = "设区的市"
    COUNTY = "县（市、区）"


class UnitKind(enum.Enum):
    """承接权力的单位的种类（《地方各级人民代表大会和地方各级人民政府组织法》所称的乡镇和街道）。"""

    TOWN = "镇"
    TOWNSHIP = "乡"
    ETHNIC_TOWNSHIP = "民族乡"
    STREET = "街道"


class Decider(enum.Enum):
    """采用某种方式时，由谁作出决定。"""

    UNIT = "承接单位"
    DEPARTMENT = "原实施部门"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderingInstrument:
    """部署赋权工作的文件（通知、条例或公布的目录清单）。"""

    title: str = field(metadata=meta("文件全称"))
    short: str = field(
        metadata=meta("页面和手册中对它的简称", examples=("通知", "条例", "目录清单"))
    )
    law: str | None = field(
        default=None,
        metadata=_id("作为法律文件存入 laws/ 时的标识（可选）", ref="instrument"),
    )
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Tier:
    """赋权机关与承接单位之间的一个层级（如设区的市下辖的区和县级市）。"""

    word: str = field(metadata=meta("这一层级的称呼", examples=("县（市、区）",)))
    name_endings: tuple[str, ...] = field(
        default=(),
        metadata=meta(
            "这一层级单位的名称以哪些字结尾（空：不限）；名称在结尾之前至少还有一个字",
            examples=("县",),
        ),
    )
    kinds: tuple[str, ...] = field(
        default=(), metadata=meta("这一层级单位的类型", examples=("市辖区",))
    )
    decides: bool = field(
        default=True, metadata=meta("是否由这一层级的政府作出赋权决定（否则由赋权机关决定）")
    )
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Grantor:
    """赋权机关：把权力交给乡镇（街道）的政府，以及它与承接单位之间的层级。"""

    place: str = field(metadata=meta("赋权机关所在的行政区", examples=("某市",)))
    government: str = field(metadata=meta("赋权机关（政府）全称", examples=("某市人民政府",)))
    level: GrantorLevel = field(metadata=meta("赋权机关的层级"))
    tiers: tuple[Tier, ...] = field(
        default=(),
        metadata=meta("赋权机关与承接单位之间的层级，自上而下（县直接赋权给乡镇时为空）"),
    )
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class ModeGuide:
    """一种方式对群众或执法对象意味着什么：到哪里办、谁受理、谁决定。"""

    where: str = field(metadata=meta("到哪里办"))
    accept: str = field(metadata=meta("谁受理（执法事项：谁立案、调查）"))
    decide: str = field(metadata=meta("谁决定"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class ModeDefinition:
    """一种赋权方式，按规范的几个维度定义：镇做哪些环节、以谁的名义、经什么途径、谁决定。"""

    name: str = field(
        metadata=meta("方式的名称（目录文件中写的值）", examples=("交由乡镇（街道）行使",))
    )
    rules_as: Mode = field(
        metadata=meta("检查规则按哪一种规范方式审查它（规则以维度推理，这里给出对应关系）")
    )
    acts: tuple[Act, ...] = field(metadata=meta("承接单位实施的环节", min_items=1))
    capacity: Capacity = field(metadata=meta("承接单位以谁的名义实施"))
    route: Route | None = field(
        default=None, metadata=meta("承接单位取得这些环节的途径（只受理、转递时无须授权，留空）")
    )
    decider: Decider = field(metadata=meta("由谁作出决定"))
    summary: str = field(metadata=meta("一句话说明（页面和手册中显示）"))
    guide: ModeGuide = field(metadata=meta("申请类事项：到哪里办、谁受理、谁决定"))
    enforcement: ModeGuide = field(metadata=meta("执法类事项：由谁办理、谁立案调查、谁决定"))
    loc: Loc = loc_field()

    @property
    def decides_locally(self) -> bool:
        """Whether the receiving unit makes the decision itself (in whoever's name)."""
        return self.decider is Decider.UNIT

    @property
    def in_own_name(self) -> bool:
        """Whether the unit acts in its own name (statutory or handed over), not as an agent."""
        return self.capacity is Capacity.OWN


@dataclass(frozen=True, slots=True, kw_only=True)
class Named:
    """一个有名称、可附说明的取值（领域、单位类别）。"""

    name: str = field(metadata=meta("名称"))
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class MilestoneDefinition:
    """工作台账跟踪的一个节点。"""

    key: str = field(
        metadata=meta(
            "节点标识（规范节点之一）",
            pattern=r"survey|city_demands|decided|in_force|report",
            examples=("survey",),
        )
    )
    name: str = field(metadata=meta("节点名称", examples=("需求调研",)))
    source: str = field(metadata=meta("部署该节点的文件出处（台账页面显示）"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Words:
    """页面、手册、表格和附件中使用的称呼。"""

    units: str = field(
        metadata=meta("承接赋权的单位的总称（页面中加引号）", examples=("乡镇（街道）",))
    )
    series: str = field(
        metadata=meta("手册封面和附件标题中的工作名称", examples=("某县乡镇（街道）综合行政执法",))
    )
    list_title: str = field(
        metadata=meta(
            "一个承接单位的赋权目录的标题（Word 附件中接在区县和镇名之后）",
            examples=("综合行政执法事项目录清单",),
        )
    )
    department_example: str = field(
        metadata=meta("表格说明和模板中举例的部门全称", examples=("某县市场监督管理局",))
    )
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileFile:
    """profile.yaml：辖区概况（部署文件、赋权机关和层级、承接单位、方式、领域、类别、节点和用语）。"""

    id: str = field(metadata=_id("概况标识", ref=None))
    instrument: OrderingInstrument = field(metadata=meta("部署赋权工作的文件"))
    grantor: Grantor = field(metadata=meta("赋权机关及其层级"))
    unit_kinds: tuple[UnitKind, ...] = field(metadata=meta("承接权力的单位的种类", min_items=1))
    modes: tuple[ModeDefinition, ...] = field(
        metadata=meta("赋权方式（按在页面和报表中的先后）", min_items=1)
    )
    domains: tuple[Named, ...] = field(
        metadata=meta("事项所属的领域（按在页面中的先后）", min_items=1)
    )
    categories: tuple[Named, ...] = field(default=(), metadata=meta("承接单位的类别"))
    milestones: tuple[MilestoneDefinition, ...] = field(
        default=(), metadata=meta("工作台账跟踪的节点，按先后")
    )
    words: Words = field(metadata=meta("页面、手册和附件中使用的称呼"))
    loc: Loc = loc_field()

    @property
    def domain_names(self) -> tuple[str, ...]:
        """The domains' names, in the profile's order (the order of pages and handbooks)."""
        return tuple(d.name for d in self.domains)

    @property
    def category_names(self) -> tuple[str, ...]:
        """The unit categories' names."""
        return tuple(c.name for c in self.categories)

    def vocabularies(self) -> dict[str, tuple[str, ...]]:
        """The value lists of the model's vocabulary fields (``meta(vocabulary=...)``)."""
        return {"domains": self.domain_names, "categories": self.category_names}

    @property
    def district_word(self) -> str:
        """How the tier under the grantor is called (the grantor's place when there is none)."""
        return self.grantor.tiers[0].word if self.grantor.tiers else self.grantor.place

    def mode(self, canonical: Mode) -> ModeDefinition | None:
        """The instance's mode that the rules review as ``canonical``."""
        return next((m for m in self.modes if m.rules_as is canonical), None)

    def vocabulary(self) -> dict[str, str]:
        """The words templates print (``vocab.units``, ``vocab.district``, ``vocab.city``...)."""
        return {
            "units": self.words.units,
            "district": self.district_word,
            "city": self.grantor.place,
            "series": self.words.series,
            "instrument": self.instrument.short,
            "department_example": self.words.department_example,
        }
