from django.dispatch import Signal

# Sent inside `distribution_create`'s transaction with `distribution` and `by`: a link makes the
# survey answerable, so the counties that hand it out are told.
distribution_created = Signal()
