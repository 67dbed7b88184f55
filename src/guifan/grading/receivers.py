"""Paying a subsidy in the funds ledger moves the application to "subsidy paid"."""

from django.dispatch import receiver

from guifan.funds.signals import payment_recorded

from . import domain
from .constants import Action, State
from .models import Application


@receiver(payment_recorded)
def mark_paid(sender, entry, **kwargs) -> None:
    from .services import application_transition

    application = Application.objects.filter(enrolment_id=entry.enrolment_id).first()
    if application is not None and application.state == State.COUNCIL_APPROVED:
        application_transition(
            by=None,
            role=domain.SYSTEM,
            by_label="资金台账",
            application_id=application.pk,
            action=Action.MARK_PAID,
            comment=f"拨付凭证{entry.document}",
            on=entry.date,
        )
