from django.dispatch import Signal

# Sent inside `institution_update`'s transaction when the address or the county changed, with
# `institution`, `changes` ({field: [old, new]}) and `by`: a graded institution's new premises are
# checked before its grade is trusted there.
institution_moved = Signal()
