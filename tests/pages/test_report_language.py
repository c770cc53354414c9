"""The command's ``--lang`` sets the language of report.html and compare.html as of the maps:
``zh`` writes them in Chinese (the catalog's texts), ``en`` and ``both`` in English."""

from __future__ import annotations

import shutil

from command import landplan_here

from landplan import i18n

#: Texts of the report and the comparison's page, as the catalog gives them.
REPORT = ("At a glance", "How good the plan is:", "Land for each industry, by horizon", "Parks")
COMPARISON = ("Headline figures", "Industries that moved between parks", "Maps")


def _in(lang: str, texts: tuple[str, ...]) -> list[str]:
    with i18n.speaking(lang):
        return [i18n.gettext(text) for text in texts]


def test_run_and_map_with_lang_zh_write_a_chinese_report(tmp_path):
    out = tmp_path / "out"
    result = landplan_here(
        "run", "baseline", "--out", str(out), "--gap", "0.05", "-q", "--lang", "zh"
    )
    assert result.returncode == 0, result.stderr
    report = (out / "baseline" / "report.html").read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in report
    assert all(text in report for text in _in("zh", REPORT)), report[:2000]
    assert "启动区" in report  # the plan pack's tiers by their Chinese names
    assert not any(f">{text}<" in report for text in REPORT)
    for lang in ("en", "both"):  # the map's languages that keep the report English
        assert landplan_here("map", str(out / "baseline"), "--lang", lang).returncode == 0
        report = (out / "baseline" / "report.html").read_text(encoding="utf-8")
        assert '<html lang="en">' in report and all(text in report for text in REPORT)
    assert landplan_here("map", str(out / "baseline"), "--lang", "zh").returncode == 0
    report = (out / "baseline" / "report.html").read_text(encoding="utf-8")
    assert all(text in report for text in _in("zh", REPORT))


def test_compare_with_lang_zh_writes_a_chinese_comparison(tmp_path, baseline_run):
    for name in ("a", "b"):
        shutil.copytree(baseline_run, tmp_path / name)
    out = tmp_path / "out"
    result = landplan_here(
        "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(out), "--lang", "zh"
    )
    assert result.returncode == 0, result.stderr
    (folder,) = [p for p in out.iterdir() if p.name.startswith("compare-")]
    page = (folder / "compare.html").read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in page and all(text in page for text in _in("zh", COMPARISON))
    assert not any(f">{text}<" in page for text in COMPARISON)
    for run in (folder / "runs").iterdir():  # the runs it holds, their reports redrawn in zh
        report = (run / "report.html").read_text(encoding="utf-8")
        assert all(text in report for text in _in("zh", REPORT))
