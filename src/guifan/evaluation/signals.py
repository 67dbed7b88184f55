from django.dispatch import Signal

# Sent inside `evaluation_sign_off`'s transaction with `evaluation` and `by`.
evaluation_signed_off = Signal()
