"""Intake item search: per-keystroke latency over a catalog grown to the size of a real hall.

Real county halls list 1,100–1,300 items. The sample catalog is padded with generated items
(realistic names, materials copied from sample items) up to ``--items`` (default 1,300), then
queries are "typed" one character at a time — names, 事项编码, pinyin initials, full pinyin — and
every keystroke's search is timed. The aim is < 10 ms per keystroke.

Last line: ``search_ms=<p99> search_p50_ms=… search_best_p99_ms=… budget_ratio=… build_ms=… items=…
keystrokes=…``; ``search_best_p99_ms`` takes each keystroke's fastest round, which shows the cost of
the search itself when other processes compete for the CPU.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

from hallclient.domain.catalog import Catalog, catalog_to_dict, load_sample_catalog, parse_catalog
from hallclient.intake.search import CatalogIndex

BUDGET_MS = 10.0

SUBJECTS = [
    "烟草专卖零售许可证",
    "药品零售企业经营许可证",
    "第二类医疗器械经营备案",
    "排污许可证",
    "取水许可",
    "林木采伐许可证",
    "农作物种子生产经营许可证",
    "兽药经营许可证",
    "动物防疫条件合格证",
    "建筑业企业资质",
    "燃气经营许可证",
    "出版物零售单位设立",
    "娱乐场所经营许可",
    "旅行社设立许可",
    "人力资源服务许可",
    "劳务派遣经营许可",
    "民办学校办学许可",
    "校外培训机构设立审批",
    "宗教活动场所登记",
    "河道采砂许可",
    "水土保持方案审批",
    "危险化学品经营许可证",
    "烟花爆竹经营（零售）许可证",
    "放射诊疗许可",
    "母婴保健技术服务执业许可",
    "粮食收购资格备案",
    "城市建筑垃圾处置核准",
    "临时占用城市道路许可",
    "城市绿地树木迁移审批",
    "机动车维修经营备案",
    "机动车驾驶员培训备案",
    "港口经营许可",
    "船舶登记",
    "护士执业注册",
    "医疗机构执业登记",
    "养老机构备案",
    "殡葬服务机构设立",
    "托育机构备案",
    "二次供水单位卫生许可",
    "消毒产品生产企业卫生许可",
    "饮用水供水单位卫生许可",
    "电影放映单位设立",
    "营业性演出许可",
    "互联网上网服务营业场所经营许可",
    "地名命名、更名审批",
    "慈善组织认定",
    "民办非企业单位成立登记",
    "房地产开发企业资质核定",
    "物业服务企业备案",
    "建设工程质量监督手续",
]
ACTIONS = ["核发", "变更", "延续", "注销", "补办", "换发", "年度报告", "备案"]
QUERIES = [
    "营业执照",
    "yyzz",
    "食品经营许可",
    "spjyxk",
    "SCJG-00",
    "gongjijin",
    "zfgjjtq",
    "bdczydj",
    "不动产转移",
    "二手房",
    "shebaoka",
    "出生登记",
    "csdj",
    "kcgyjs",
    "JT-00",
    "xiaofang",
    "排污许可",
    "pwxkz",
    "yiliao",
    "医保报销",
    "jiehun",
    "hunyin",
    "lvxingshe",
    "ylqx",
    "zhuxiao",
]


def grow_catalog(sample: Catalog, target: int, seed: int = 7) -> Catalog:
    rng = random.Random(seed)
    document: dict[str, Any] = catalog_to_dict(sample)
    items: list[dict[str, Any]] = document["items"]
    templates = list(items)
    next_number: dict[str, int] = {}
    for item in items:
        department, number = item["code"].rsplit("-", 1)
        next_number[department] = max(next_number.get(department, 0), int(number))
    departments = [d["code"] for d in document["departments"]]
    names = [f"{subject}{action}" for subject in SUBJECTS for action in ACTIONS]
    rng.shuffle(names)
    while len(items) < target:
        department = departments[len(items) % len(departments)]
        next_number[department] = next_number.get(department, 0) + 1
        template = rng.choice(templates)
        items.append(
            {
                **template,
                "code": f"{department}-{next_number[department]:03d}",
                "name": names[len(items) % len(names)],
                "department": department,
                "aliases": [],
            }
        )
    return parse_catalog(document)


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def keystrokes(queries: list[str]) -> list[str]:
    return [query[:n] for query in queries for n in range(1, len(query) + 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (well under a minute)")
    parser.add_argument("--items", type=int, default=1300)
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else 20

    catalog = grow_catalog(load_sample_catalog(), args.items)
    started = time.perf_counter()
    index = CatalogIndex(catalog)
    build_ms = (time.perf_counter() - started) * 1000
    typed = keystrokes(QUERIES)

    timings: list[float] = []
    best = [float("inf")] * len(typed)
    hits = 0
    for _ in range(rounds):
        for number, prefix in enumerate(typed):
            started = time.perf_counter()
            result = index.search(prefix)
            elapsed = (time.perf_counter() - started) * 1000
            timings.append(elapsed)
            best[number] = min(best[number], elapsed)
            hits += len(result)
    timings.sort()
    best.sort()
    p50 = statistics.median(timings)
    p99 = percentile(timings, 0.99)
    # Each keystroke's fastest round: what the code costs when the machine is not busy elsewhere.
    best_p99 = percentile(best, 0.99)
    print(
        f"catalog: {len(catalog.items)} items, {len(catalog.bundles)} bundles; "
        f"index built in {build_ms:.0f} ms"
    )
    print(
        f"keystrokes timed: {len(timings)} ({len(typed)} per round x {rounds}), "
        f"mean hits {hits / len(timings):.1f}"
    )
    print(f"per keystroke: p50 {p50:.2f} ms  p99 {p99:.2f} ms  max {timings[-1]:.2f} ms")
    print(f"per keystroke, best of {rounds} rounds: p99 {best_p99:.2f} ms  max {best[-1]:.2f} ms")
    print(f"p99 / {BUDGET_MS:.0f} ms budget = {p99 / BUDGET_MS:.2f}")
    print(
        f"search_ms={p99:.2f} search_p50_ms={p50:.2f} search_best_p99_ms={best_p99:.2f} "
        f"budget_ratio={p99 / BUDGET_MS:.2f} "
        f"build_ms={build_ms:.0f} items={len(catalog.items)} keystrokes={len(timings)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
