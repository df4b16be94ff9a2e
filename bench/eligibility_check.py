"""Compare every verdict of two versions of the engine on the same data (issue 16, point 4).

``python -m bench.eligibility_check dump OUT [--year Y]`` writes every verdict (every person and
unit against its suggested awards: subject, award, eligible, and each check's key, result and
Vietnamese reason) and the CPU seconds it took; run it with one version of the code, then with
the other (e.g. ``PYTHONPATH=/path/to/other/checkout``), then
``python -m bench.eligibility_check compare A B``: verdicts and check results must be identical;
reasons whose wording changed on purpose are counted by condition, never hidden.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time


def dump(out: str, year: int) -> None:
    from bench.common import setup_django

    setup_django()
    from django.utils import translation

    from awards.eligibility import evaluate
    from awards.models import Person
    from organisation.models import OrgUnit

    translation.activate("vi")
    started = time.process_time()
    verdicts = evaluate(year=year, persons=Person.objects.all())
    people_cpu = time.process_time() - started
    started = time.process_time()
    verdicts += evaluate(year=year, units=OrgUnit.objects.all())
    units_cpu = time.process_time() - started
    with open(out, "w") as handle:
        for v in verdicts:
            checks = [[c.key, c.ok, c.text] for c in v.checks]
            handle.write(json.dumps([v.subject.kind, v.subject.pk, v.award, v.eligible, checks], ensure_ascii=False))
            handle.write("\n")
    print(f"{len(verdicts)} verdicts; CPU people {people_cpu:.2f} s, units {units_cpu:.2f} s")


def compare(first: str, second: str) -> int:
    with open(first) as a, open(second) as b:
        left, right = [json.loads(line) for line in a], [json.loads(line) for line in b]
    different, reworded = 0, collections.Counter()
    if len(left) != len(right):
        print(f"different numbers of verdicts: {len(left)} != {len(right)}")
        return 1
    for x, y in zip(left, right, strict=True):
        if x[:4] != y[:4] or [c[:2] for c in x[4]] != [c[:2] for c in y[4]]:
            different += 1
            continue
        for c, d in zip(x[4], y[4], strict=True):
            if c[2] != d[2]:
                reworded[c[0]] += 1
    print(f"{len(left)} verdicts, {different} different; reasons reworded by condition: {dict(reworded)}")
    return 1 if different else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out")
    d.add_argument("--year", type=int, default=2025)
    c = sub.add_parser("compare")
    c.add_argument("first")
    c.add_argument("second")
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.year)
        return 0
    return compare(args.first, args.second)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
