"""How long one document takes, stage by stage, for each bundled example.

    python bench/render.py [-n 20]

Prints milliseconds per document (median of n runs) for: load + validate + model, and render
(Jinja over the prepared template, and the zip package). No targets are asserted here; README
records the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pipeline import model_of  # noqa: E402
from generator.write.render import render_bytes  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=20)
    args = parser.parse_args()
    print(f"{'example':48} {'model ms':>9} {'render ms':>10} {'total':>7}")
    for path in sorted((ROOT / "configs" / "examples").glob("*.yaml")):
        times: dict[str, list[float]] = {"model": [], "render": []}
        for _ in range(args.n):
            t0 = time.perf_counter()
            model = model_of(path)
            t1 = time.perf_counter()
            render_bytes(model)
            t2 = time.perf_counter()
            times["model"].append(t1 - t0)
            times["render"].append(t2 - t1)
        med = {k: statistics.median(v) * 1000 for k, v in times.items()}
        print(f"{path.name:48} {med['model']:9.1f} {med['render']:10.1f} {sum(med.values()):7.1f}")


if __name__ == "__main__":
    main()
