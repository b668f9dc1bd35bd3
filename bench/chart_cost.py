"""What the charts cost a build: matplotlib's import and each seed chart drawn as SVG + PNG.

    python bench/chart_cost.py

Each figure is the CPU time (user + system) of a fresh process, the median of five. A build
pays the import once (the charts are drawn before its workers fork) and each distinct chart
once; WeasyPrint then draws each SVG into its PDF, which the cold-build benchmarks count.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import resource
from pathlib import Path
from briefgen.analysis import analyse
from briefgen.compose import compose_briefs
from briefgen.config import Theme
from briefgen.config.charts import load_chart_style
from briefgen.render.charts import draw, pack_charts

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

(brief,) = compose_briefs(analyse([Path(SEEDS)]), Theme(), ["press"])
charts, style = pack_charts(brief, Theme()), load_chart_style(Theme())
start = cpu()
import matplotlib.figure
imported = cpu()
for chart in charts.values():
    draw(chart, style)
print(imported - start, cpu() - imported, len(charts))
"""


def main() -> None:
    runs = []
    for _ in range(5):
        probe = PROBE.replace("SEEDS", repr(str(ROOT / "seeds")))
        out = subprocess.run(
            [sys.executable, "-c", probe], check=True, capture_output=True, text=True, cwd=ROOT
        )
        importing, drawing, count = out.stdout.split()
        runs.append((float(importing), float(drawing), int(count)))
    count = runs[0][2]
    print(f"matplotlib import: {statistics.median(r[0] for r in runs):.2f} s CPU")
    print(f"{count} press charts drawn as SVG + PNG: {statistics.median(r[1] for r in runs):.2f} s CPU")


if __name__ == "__main__":
    main()
