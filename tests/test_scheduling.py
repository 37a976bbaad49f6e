"""How `make test` shares the tests out among its processes (tests/conftest.py, --dist loadgroup):
a test file is one unit, so its module fixtures are made once; each every-page part and each
corpus case is a unit of its own, so the processes share them; files run in the order of
schedule_ranks, the corpus last."""
from __future__ import annotations

import pytest

from conftest import PAGE_PARTS, by_part, work_unit


def test_a_file_is_one_unit():
    assert work_unit("tests/test_print.py::test_one") == "tests/test_print.py"
    assert work_unit("tests/test_print.py::test_two[a-b]") == "tests/test_print.py"
    assert work_unit("tests/test_browser.py::test_the_parts_hold_every_page_once") == "tests/test_browser.py"


def test_every_page_parts_and_corpus_cases_are_units_of_their_own():
    ids = [f"tests/test_browser.py::test_axe[{by_part.kwargs['ids'](i)}]"
           for i in range(PAGE_PARTS)]
    assert [work_unit(i) for i in ids] == ids and len(set(ids)) == PAGE_PARTS
    case = "tests/test_data_errors_stop_the_build.py::test_broken_or_hostile_input_stops_the_build_or_is_escaped[0-x]"
    assert work_unit(case) == case
    # a parameter that only looks like a part elsewhere in the id is no part
    assert work_unit("tests/test_print.py::test_x[part1of3-more]") == "tests/test_print.py"


@pytest.mark.parametrize("dist", ["load", "loadfile", "worksteal"])
def test_other_distributions_are_left_to_pytest_xdist(dist):
    from conftest import pytest_xdist_make_scheduler

    class Config:
        def getvalue(self, name):
            return dist
    assert pytest_xdist_make_scheduler(Config(), None) is None


def test_the_tests_of_one_part_of_the_desktop_loads_are_one_unit():
    """tests/desktop_loads.py: a part's pages are loaded once in the process that runs its unit."""
    from conftest import DESKTOP_LOAD_TESTS
    ids = [f"tests/{name}[part2of3]" for name in sorted(DESKTOP_LOAD_TESTS)]
    assert len({work_unit(i) for i in ids}) == 1 and len(ids) == 3
    assert work_unit(ids[0]) != work_unit(ids[0].replace("part2of3", "part1of3"))
    phone = "tests/test_browser.py::test_axe_finds_no_violations_at_phone_width[part2of3]"
    assert work_unit(phone) == phone
