"""A big cohort's dashboard comes in pages of learners, each drawn at the same cost."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from classroom.models import Membership
from classroom.progress import MATRIX_PAGE_SIZE
from learners.models import Learner
from lessons.models import Lesson, LessonRead

pytestmark = pytest.mark.django_db


def add_members(cohort, count: int) -> list[Learner]:
    """`count` more members, named member000, member001, ... (after alice and bob by name)."""
    users = User.objects.bulk_create([User(username=f"member{i:03d}") for i in range(count)])
    learners = Learner.objects.bulk_create([Learner(user=user) for user in users])
    Membership.objects.bulk_create(
        [Membership(cohort=cohort, learner=learner) for learner in learners]
    )
    return learners


def learner_names(page: str) -> list[str]:
    """The names in the matrix's row headers, in order."""
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', page)


def dashboard(classroom, query: str = "", **headers) -> str:
    client = Client()
    client.force_login(classroom["teacher"])
    response = client.get(f"/classroom/cohorts/{classroom['cohort'].pk}/{query}", headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_small_cohort_is_one_page_without_page_links(classroom):
    page = dashboard(classroom)
    assert learner_names(page) == ["alice", "bob"]
    assert "Pages of learners" not in page


def test_a_big_cohort_shows_its_first_page_and_a_link_to_the_next(classroom):
    add_members(classroom["cohort"], MATRIX_PAGE_SIZE + 3)  # 105 members with alice and bob
    page = dashboard(classroom)
    names = learner_names(page)
    assert len(names) == MATRIX_PAGE_SIZE
    assert names[:3] == ["alice", "bob", "member000"]
    assert "105 learners shown (1 to 100 on this page)" in page
    assert "Page 1 of 2" in page
    assert 'href="/classroom/cohorts/{}/?page=2" rel="next"'.format(classroom["cohort"].pk) in page


def test_the_second_page_shows_the_rest(classroom):
    add_members(classroom["cohort"], MATRIX_PAGE_SIZE + 3)
    page = dashboard(classroom, "?page=2")
    assert learner_names(page) == ["member098", "member099", "member100", "member101", "member102"]
    assert "(101 to 105 on this page)" in page
    assert 'rel="prev"' in page
    assert 'rel="next"' not in page


def test_page_links_keep_the_sort_and_the_filter(classroom):
    add_members(classroom["cohort"], MATRIX_PAGE_SIZE + 3)
    page = dashboard(classroom, "?sort=progress&show=all&labs=1")
    assert "?sort=progress&amp;show=all&amp;labs=1&amp;page=2" in page


def test_sorting_by_progress_ranks_the_whole_cohort_before_paging(classroom):
    learners = add_members(classroom["cohort"], MATRIX_PAGE_SIZE + 3)
    networking = Lesson.objects.get(slug="networking")  # the fixture's lesson assignment
    LessonRead.objects.create(learner=learners[-1], lesson=networking)  # member102, last by name
    names = learner_names(dashboard(classroom, "?sort=progress"))
    # alice read it in the fixture and handed in the drill; member102 comes next, from the last page.
    assert names[:2] == ["alice", "member102"]


@pytest.mark.parametrize(
    ("number", "shown"),
    [("abc", "Page 1 of 2"), ("", "Page 1 of 2"), ("0", "Page 2 of 2"), ("999", "Page 2 of 2")],
)
def test_a_page_number_out_of_range_shows_a_page_rather_than_an_error(classroom, number, shown):
    add_members(classroom["cohort"], MATRIX_PAGE_SIZE + 3)
    assert shown in dashboard(classroom, f"?page={number}")


def test_the_filtered_matrix_swapped_in_by_htmx_links_its_pages_with_the_filter(classroom):
    # The controls send only sort, show and labs (so a new filter starts at page 1); the pages of
    # the fragment they get back must keep that filter.
    add_members(classroom["cohort"], MATRIX_PAGE_SIZE + 3)
    fragment = dashboard(classroom, "?sort=behind&show=all", **{"HX-Request": "true"})
    assert fragment.lstrip().startswith('<div id="matrix"')
    assert "Page 1 of 2" in fragment
    assert "?sort=behind&amp;show=all&amp;page=2" in fragment
