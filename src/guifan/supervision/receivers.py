"""The council's approval of a grading batch makes each grade an official record."""

from django.dispatch import receiver

from guifan.grading.signals import grades_approved

from .services import grades_award


@receiver(grades_approved)
def award(sender, decision, applications, by, **kwargs) -> None:
    grades_award(by=by, decision=decision, applications=applications)
