from django.dispatch import Signal

# Sent inside `grade_transition`'s transaction with `grade`, `action`, `from_state`, `by` and
# `comment`: notifications tell the institution, its county and the city.
grade_changed = Signal()

# Sent inside the transaction that opens a review round with `round` and `reviews`.
round_opened = Signal()

# Sent when the institution answers a review's rectification, with `review` and `by`.
rectification_answered = Signal()

# Sent when proposed downgrades and revocations are published, with `notice` and `reviews`.
notice_published = Signal()

# Sent when a graded institution's move creates a check of its new premises, with `review`.
address_check_requested = Signal()

# Sent when the public objects to a proposed grade change, with `objection`.
grade_objection_filed = Signal()

# Sent when the city has decided an objection to a proposed grade change, with `objection`.
grade_objection_handled = Signal()
