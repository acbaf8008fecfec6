"""Two officers entering the same identity number at once end with one person (PostgreSQL,
two real connections): the unique constraint on (province, keyed hash) and get-or-create."""

from __future__ import annotations

from dondoc.registry.models import Person
from dondoc.registry.persons import person_get_or_create
from dondoc.registry.services import PersonInput
from tests.concurrency.conftest import on_postgresql, together

pytestmark = on_postgresql


def test_two_officers_entering_one_identity_number_at_once_make_one_person(world) -> None:
    def enter(name: str):
        person = PersonInput(full_name=name, identity_number="008090009999")
        return person_get_or_create(actor=world.focal, agency=world.police_sd, person=person)

    answers = together(lambda: enter("Vũ Văn Tư"), lambda: enter("Vũ Văn Tư"))
    assert not [a for a in answers if isinstance(a, BaseException)], answers
    assert sorted(created for _, created in answers) == [False, True]
    assert answers[0][0].pk == answers[1][0].pk
    assert Person.objects.count() == 1
