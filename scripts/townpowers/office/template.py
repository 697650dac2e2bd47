"""The 权责清单 template workbook offices fill in (``townpowers template-xlsx``).

It is generated rather than drawn by hand so that it always matches what import accepts: the
columns are the canonical names of :mod:`townpowers.office.columns` (the instructions list the other
names each may go by), and the example rows cite laws and articles the shipped catalog holds,
so the template itself imports cleanly (a test runs it).
"""

from __future__ import annotations

from pathlib import Path

from ..model import Measure, PowerType
from ..model.profile import ProfileFile
from ..sheets.write import SheetOut, write_xlsx
from .columns import COLUMNS, REQUIRED
from .mapping import MEASURE_WORDS

TEMPLATE = Path("templates/spreadsheets/权责清单模板.xlsx")
HEADER = (
    "序号",
    "事项编码",
    "职权类型",
    "职权名称",
    "子项",
    "职权依据",
    "实施主体",
    "责任事项",
    "监管责任主体",
    "监管措施",
    "领域",
    "层级",
    "备注",
)
EXAMPLE_NOTE = "示例（填写时删除本行）"
EXAMPLES: tuple[tuple[object, ...], ...] = (
    (
        1,
        None,
        "行政处罚",
        "对擅自关闭、闲置或者拆除生活垃圾处理设施、场所的行政处罚",
        None,
        "《中华人民共和国固体废物污染环境防治法》第一百一十一条第一款第（二）项、第二款",
        "滕州市综合行政执法局",
        "1.立案责任：对发现的违法行为予以审查，决定是否立案。\n"
        "2.调查责任：全面、客观、公正地调查取证。\n"
        "3.决定责任：依法作出处罚决定并送达。\n"
        "4.执行责任：督促当事人履行处罚决定。",
        None,
        "对整改情况跟踪复查；纳入双随机一公开抽查，受理投诉举报并及时核查。",
        "城镇管理",
        "县级",
        EXAMPLE_NOTE,
    ),
    (
        2,
        None,
        "行政处罚",
        "对在人口集中地区对树木、花草喷洒剧毒、高毒农药的行政处罚",
        None,
        "《大气污染防治法》第一百一十九条第一款",
        "综合行政执法",
        "1.立案责任。\n2.调查责任。\n3.审查责任。\n4.告知责任。\n5.决定责任。\n6.执行责任。",
        None,
        "日常巡查中发现的违法行为依法查处；每年对处罚案卷开展案卷评查。",
        "城镇管理",
        "县级",
        EXAMPLE_NOTE,
    ),
    (
        3,
        None,
        "行政检查",
        "对食品生产加工小作坊和食品摊贩的监督检查",
        None,
        "1.《中华人民共和国食品安全法》第三十六条第一款\n"
        "2.《山东省食品小作坊小餐饮和食品摊点管理条例》第十条第一款",
        "滕州市市场监督管理局",
        "1.检查责任：按照检查计划实施现场检查。\n2.处置责任：对发现的问题依法处理。",
        "滕州市市场监督管理局",
        "实行信用分级分类监管，对风险较高的小作坊实施重点监管；开展双随机一公开抽查。",
        "市场监管",
        "县级",
        EXAMPLE_NOTE,
    ),
)


def _explain(tier: str, department: str) -> dict[str, str]:
    """What to write in each column, in the profile's words (its tier, an example department)."""
    return {
        "序号": "顺序号，可不填。",
        "事项编码": f"部门自己的事项编码（如 370481-ZR-XK-001），原样保存为该{tier}的编码，"
        "再次导入时据此对应到同一事项，不必改写；也可写本知识库的事项编码（如 MZ-XK-003）。"
        f"新事项的知识库编码按部门和类型自动生成。编码属于哪个{tier}：按 --district、编码开头的区划代码、"
        "实施主体或工作表名判断。",
        "职权类型": "允许的值："
        + "、".join(t.value for t in PowerType)
        + "。可写“行政许可类”“其他权力”；可整列合并单元格，或用“一、行政许可（共N项）”这样的分组行代替，"
        "或把工作表命名为类型（如“行政许可”）。",
        "职权名称": "事项的名称。同一名称和实施部门的事项已在目录中时，导入更新它而不重复建立。",
        "子项": "有子项时填写，导入为“主项（子项）”。",
        "职权依据": "《法律名称》第N条（第M款第（K）项），可写全称或简称、阿拉伯数字或汉字；"
        "同一法律的几条用“、”分隔，几部法律用“；”或换行分隔；条号后可照录条文原文。"
        "所引法律文件和条文须已录入目录（catalog/laws/），导入不会编造条文。",
        "实施主体": f"{tier}部门全称（如 {department}），或部门类别名称（如 民政）。"
        f"一个工作表只列一个部门的事项、并以部门命名（如“{department}”）时，可以没有这一列。",
        "责任事项": "权责清单中的责任事项原文，原样保存。",
        "监管责任主体": "不填时为实施主体；多个部门用“、”分隔。",
        "监管措施": "事中事后监管措施的原文；其中的措施按关键词识别："
        + "；".join(f"{m.value}（{'、'.join(MEASURE_WORDS[m.name])}）" for m in Measure)
        + "。至少要能识别出一项。",
        "领域": "目录的辖区概况（profile.yaml）中 domains 列出的领域之一。"
        "不填时用命令的 --domain，或事项原有的领域。",
        "层级": "县级或市级；不填时为县级（或命令的 --level）。",
        "备注": "说明，原样保存。",
    }


def _notes(tier: str) -> tuple[str, ...]:
    """General notes below the columns' instructions."""
    return (
        "使用方法：每个部门一个工作簿，可以有多个工作表（如每类职权一个）；第1行可以是合并的标题，"
        "表头可以占两行（如“监管”下分“监管责任主体”“监管措施”）。",
        "导入：townpowers import-xlsx 权责清单.xlsx --by 审核人（先加 --dry-run 检查）。"
        "任何一行有问题都会列出工作表、行、列和原因，且不写入任何文件。",
        "说明性的文字请写在本工作表，不要写在数据行之间；数据行之间的空行会被跳过。",
        f"{tier}可以报送一个工作簿、每个部门一个工作表；各部门的列名可以不同（见上表“也可写作”）。",
        "“权力来源”列中的法律依据与职权依据一起导入；法定本级行使、上级下放等来源不导入。"
        "追责情形、廉政风险点、办理时限等列不导入（办事指南在目录中编写）。",
        "有问题时导入不写入目录，并在表格旁写出“<名称>-问题.xlsx”：问题所在的单元格标红并附批注，"
        "第一个工作表列出全部问题；在其中修改后可直接重新导入。",
    )


def instruction_rows(profile: ProfileFile) -> list[list[object]]:
    """The ``填写说明`` sheet: one row per column, then general notes."""
    tier = profile.district_word
    explain = _explain(tier, profile.words.department_example)
    rows: list[list[object]] = []
    for name in HEADER:
        others = [n for n in COLUMNS[name] if n != name]
        rows.append(
            [name, "是" if name in REQUIRED else "否", explain[name], "、".join(others) or None]
        )
    rows.append([])
    rows += [[note] for note in _notes(tier)]
    return rows


def template_sheets(profile: ProfileFile) -> list[SheetOut]:
    """The template's sheets: the list (title, header, examples) and the instructions, in the
    words of the catalog's profile."""
    return [
        SheetOut(
            "权责清单",
            [list(HEADER)],
            [list(row) for row in EXAMPLES],
            title=f"××{profile.district_word}××局权责清单",
        ),
        SheetOut(
            "填写说明", [["列名", "是否必填", "填写要求", "也可写作"]], instruction_rows(profile)
        ),
    ]


def write_template(path: Path, profile: ProfileFile) -> None:
    """Write the template workbook (the document time is fixed, so content alone changes it)."""
    write_xlsx(path, template_sheets(profile), keywords="权责清单模板", fixed_time=True)
