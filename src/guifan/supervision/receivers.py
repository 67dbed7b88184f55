"""The council's approval of a grading batch makes each grade an official record; a graded
institution that moves gets a check of its new premises."""

from django.dispatch import receiver

from guifan.grading.signals import grades_approved
from guifan.registry.signals import institution_moved

from .services import address_check_create, grades_award


@receiver(grades_approved)
def award(sender, decision, applications, by, **kwargs) -> None:
    grades_award(by=by, decision=decision, applications=applications)


@receiver(institution_moved)
def moved(sender, institution, changes, by, **kwargs) -> None:
    address = changes.get("address", [None, None])
    address_check_create(institution=institution, old=address[0] or "", new=address[1] or "", by=by)
