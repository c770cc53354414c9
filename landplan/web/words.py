"""The workbench's words in Chinese: the pages are written in English and ``t("…")`` gives the
Chinese where a page is asked for with ``?lang=zh`` (a phrase without a translation shows in
English). Industry and park names come from the data in both languages, as on the maps."""

from __future__ import annotations

from collections.abc import Callable

LANGS = ("en", "zh")

ZH: dict[str, str] = {
    "Scenarios": "情景",
    "Settings": "设置",
    "Runs": "运行记录",
    "Uploads": "上传",
    "Your name": "您的名字",
    "Save": "保存",
    "Name": "名称",
    "Question": "规划问题",
    "Parent": "来源",
    "Last run": "最近运行",
    "Status": "状态",
    "Bundled": "内置",
    "Yours": "自建",
    "Open": "打开",
    "Run": "运行",
    "Export YAML": "导出 YAML",
    "Delete": "删除",
    "New scenario from": "由此新建情景",
    "Create": "创建",
    "Import a scenario file (YAML)": "导入情景文件（YAML）",
    "Import": "导入",
    "Rename and describe": "重命名与说明",
    "Description": "说明",
    "Criterion weights": "准则权重",
    "Weights": "直接权重",
    "AHP matrix": "层次分析矩阵",
    "Consistency ratio": "一致性比率",
    "Demand": "需求",
    "Multiplier for all": "全部需求倍数",
    "By kind": "按类别",
    "By industry": "按产业",
    "Industry": "产业",
    "Park": "园区",
    "Rules": "规则",
    "Objective weights": "目标权重",
    "Solver": "求解器",
    "Layout on parcels": "地块布局",
    "Data": "数据",
    "Locks and exclusions": "锁定与排除",
    "Click a park on the map, choose an industry, then lock or exclude it.": "在地图上点击园区，选择产业，然后锁定或排除。",
    "Lock into the park": "锁定到该园区",
    "Keep out of the park": "排除出该园区",
    "Remove": "移除",
    "Save the settings": "保存设置",
    "Sweep": "稳健性抽样",
    "Explore": "近优方案探索",
    "Samples": "样本数",
    "Seed": "随机种子",
    "Cancel": "取消",
    "Working": "运行中",
    "Queued": "排队中",
    "Compare": "比较",
    "Compare the runs ticked": "比较所选运行",
    "Downloads": "下载",
    "Run again": "再次运行",
    "Why here?": "为何在此？",
    "Show": "显示",
    "Filter": "筛选",
    "Map": "地图",
    "History": "历史",
    "Who": "运行者",
    "When": "时间",
    "Data files (SHA-256)": "数据文件（SHA-256）",
    "Versions": "软件版本",
    "Import a run folder the CLI wrote (zip)": "导入命令行生成的运行文件夹（zip）",
    "Upload": "上传",
    "Kind": "类型",
    "File": "文件",
    "Criterion name": "准则名称",
    "Park tiers layer": "园区分期图层",
    "Parcel layer": "地块图层",
    "Extra criterion table": "附加准则表",
    "Bundled data": "内置数据",
    "Grid": "网格",
    "Yes, delete": "确认删除",
    "Keep it": "保留",
    "What changed": "变化",
    "The scenario as run": "运行时的情景",
    "This page needs a scenario of your own to edit: make one from this.": "内置情景不可编辑：请由此新建一个情景。",
    "The map is schematic": "地图为示意",
}


def translator(lang: str) -> Callable[[str], str]:
    """``t`` for a page in ``lang``."""
    if lang == "zh":
        return lambda text: ZH.get(text, text)
    return lambda text: text
