from django.dispatch import Signal

# Sent inside `application_transition`'s transaction after every change of state, with
# `application`, `action`, `from_state`, `by` (None for the public or the ledger) and `comment`.
# Notifications tell the people concerned.
application_moved = Signal()

# Sent inside `council_approve`'s transaction with `decision`, `applications` (now official) and
# `by`: supervision makes each grade a record with a certificate number and a validity.
grades_approved = Signal()
