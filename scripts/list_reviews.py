"""List the pages whose review is overdue or due soon (`make reviews`), soonest first.

A review that falls due does not fail the build (the build prints a reminder once it is
overdue); this list is for planning the next reviews.

    python scripts/list_reviews.py [--days 60]
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.errors import DataError, DataErrors  # noqa: E402
from macros.pages import REVIEW_SOON_DAYS, reviews_due, us_date  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=REVIEW_SOON_DAYS, help="how far ahead to look (default %(default)s)")
    ap.add_argument("--docs", type=Path, default=ROOT / "docs", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    today = dt.date.today()
    try:
        due = reviews_due(args.docs, today, args.days)
    except (DataError, DataErrors) as e:
        print(f"Cannot read the pages' review dates:\n{e}", file=sys.stderr)
        return 1
    if not due:
        print(f"No page is due for review in the next {args.days} days (today is {us_date(today)}).")
        return 0
    print(f"Pages due for review by {us_date(today + dt.timedelta(days=args.days))} (today is {us_date(today)}):")
    for date, page in due:
        days = (date - today).days
        when = f"OVERDUE by {-days} day(s)" if days < 0 else ("due today" if days == 0 else f"due in {days} day(s)")
        print(f"  {date.isoformat()}  {when:<22} {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
