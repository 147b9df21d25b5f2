"""Throughput of the growth engine on 1,000,000 synthetic children: `python -m bench.growth`.

Times the scalar `zscores()` and the numpy `zscores_batch()`, in wall-clock and CPU time.

The children are drawn deterministically (fixed seed) to look like Puskesmas data: four in five
under five years old, measurements to 0.1 cm and 0.1 kg placed around the WHO medians with a
stunted, slightly wasted population, some missing values, oedema, wrong positions and a few
absurd entries that land in the restricted tail or get flagged.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterable

from ilp.growth import zscores
from ilp.growth.batch import zscores_batch
from ilp.growth.lms import sd_value
from ilp.growth.tables import DAYS_PER_MONTH, age_table, month_table

CHILDREN = 1_000_000
SEED = 20200202  # Permenkes 2/2020
GOAL_PER_SECOND = 100_000
COLUMNS = ("sex", "age_days", "weight_kg", "length_cm", "measured", "oedema", "head_cm", "muac_cm")


def synthetic_children(count: int, seed: int = SEED) -> list[dict]:
    """`count` keyword-argument sets for `zscores`, the same on every run."""
    rng = random.Random(seed)
    return [_child(rng) for _ in range(count)]


def _child(rng: random.Random) -> dict:
    sex = "M" if rng.random() < 0.5 else "F"
    under_five = rng.random() < 0.8
    age = rng.randrange(0, 1857) if under_five else rng.randrange(1857, 6940)  # to 228 months
    haz, waz = rng.gauss(-0.9, 1.2), rng.gauss(-0.6, 1.2)
    if rng.random() < 0.002:  # a mistyped entry, far out in the tail
        waz = rng.choice((-7.0, 6.0))
    child = {
        "sex": sex,
        "age_days": age,
        "weight_kg": round(_measure("wfa", sex, age, waz), 1),
        "length_cm": round(_measure("lhfa", sex, age, haz), 1),
        "measured": ("L" if age < 731 else "H") if rng.random() < 0.9 else rng.choice(("L", "H", None)),
        "oedema": rng.random() < 0.003,
    }
    if under_five and age < 730 and rng.random() < 0.3:
        child["head_cm"] = round(_measure("hcfa", sex, age, rng.gauss(0, 1)), 1)
    if under_five and age >= 183 and rng.random() < 0.4:
        child["muac_cm"] = round(_measure("acfa", sex, age, rng.gauss(-0.3, 1)), 1)
    if rng.random() < 0.03:
        child["length_cm"] = None
    return child


def _measure(indicator: str, sex: str, age: int, z: float) -> float:
    # The measurement at z is the SD line at k = z: M·(1 + L·S·z)^(1/L).
    z = max(min(z, 4.0), -4.0)
    months = age / DAYS_PER_MONTH
    if age <= 1856:
        lms = age_table(indicator, sex).at(age)
    elif indicator == "lhfa":
        lms = month_table("hfa", sex).at(months)
    elif months < 121:
        lms = month_table("wfa", sex).at(months)
    else:  # weight-for-age stops at 10 years: weight from BMI-for-age and height instead
        height = _measure("lhfa", sex, age, z)
        return sd_value(month_table("bfa", sex).at(months), z) * (height / 100) ** 2
    return max(sd_value(lms, z), 0.5)


def _rate(run: Callable[[list[dict]], None], children: list[dict]) -> tuple[float, float]:
    """Children per second of wall-clock time and of this process's CPU time.

    The machine is shared (2 cores), so CPU time is the steadier figure of the engine's cost.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    run(children)
    return len(children) / (time.perf_counter() - wall), len(children) / (time.process_time() - cpu)


def _scalar(children: Iterable[dict]) -> None:
    for child in children:
        zscores(**child)


def _batch(children: list[dict]) -> None:
    # Turning dicts into columns is part of the cost a caller pays, so it is timed too.
    zscores_batch(**{name: [child.get(name) for child in children] for name in COLUMNS})


def main(argv: list[str] | None = None) -> int:
    """Generate the children, time the engine and print children per second."""
    parser = argparse.ArgumentParser(prog="python -m bench.growth", description=__doc__)
    parser.add_argument("--children", type=int, default=CHILDREN)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    children = synthetic_children(args.children)
    zscores(**children[0])  # load the tables outside the timing
    _batch(children[:10])
    print(f"generated {len(children):,} children in {time.perf_counter() - started:.1f} s")
    for label, run in (("scalar zscores()", _scalar), ("batch zscores_batch()", _batch)):
        wall, cpu = _rate(run, children)
        verdict = "meets" if wall >= GOAL_PER_SECOND else "below"
        print(f"{label}: {wall:,.0f} children/s ({verdict} the {GOAL_PER_SECOND:,}/s goal); "
              f"{cpu:,.0f}/s of CPU time")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
