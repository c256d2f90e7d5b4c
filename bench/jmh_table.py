#!/usr/bin/env python3
"""Markdown tables from JMH JSON results (bench/jmh.sh writes target/bench/jmh.json).

    python3 bench/jmh_table.py [target/bench/jmh.json ...]

One row per stage, one column per record size: mean time per call (min-max of the measured iterations) and the
allocation per call (JMH gc profiler, gc.alloc.rate.norm); then the growth factor per tenfold record size.
"""
import json
import sys
from collections import defaultdict


def fmt_time(us):
    return f"{us / 1000:,.2f} ms" if us >= 1000 else f"{us:,.1f} µs"


def fmt_bytes(b):
    return f"{b / 1e6:,.1f} MB" if b >= 1e5 else f"{b / 1e3:,.1f} kB"


def main(paths):
    for path in paths:
        rows = defaultdict(dict)
        sizes = set()
        for result in json.load(open(path)):
            stage = result["benchmark"].rsplit(".", 1)[1]
            params = result.get("params", {})
            size = int(params.get("records", 0))
            variant = params.get("variant", "typical")
            sizes.add(size)
            raw = [v for fork in result["primaryMetric"]["rawData"] for v in fork]
            alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
            rows[(stage, variant)][size] = (result["primaryMetric"]["score"], min(raw), max(raw), alloc)
        sizes = sorted(sizes)
        print(f"`{path}`\n")
        print("| stage | variant | " + " | ".join(f"{s:,} resources" for s in sizes) + " |")
        print("|---|---|" + "---:|" * len(sizes))
        for (stage, variant), by_size in rows.items():
            cells = []
            for s in sizes:
                if s not in by_size:
                    cells.append("")
                    continue
                score, lo, hi, alloc = by_size[s]
                cell = f"{fmt_time(score)} ({fmt_time(lo)}-{fmt_time(hi)})"
                if alloc is not None:
                    cell += f", {fmt_bytes(alloc)}"
                cells.append(cell)
            print(f"| {stage} | {variant} | " + " | ".join(cells) + " |")
        print("\nGrowth of the mean time per tenfold record size:\n")
        print("| stage | variant | " + " | ".join(f"{a:,} to {b:,}" for a, b in zip(sizes, sizes[1:])) + " |")
        print("|---|---|" + "---:|" * (len(sizes) - 1))
        for (stage, variant), by_size in rows.items():
            cells = [f"x{by_size[b][0] / by_size[a][0]:.1f}" if a in by_size and b in by_size else ""
                     for a, b in zip(sizes, sizes[1:])]
            print(f"| {stage} | {variant} | " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main(sys.argv[1:] or ["target/bench/jmh.json"])
