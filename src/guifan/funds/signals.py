from django.dispatch import Signal

# Sent inside the payment's transaction, with `entry`: the grading workflow records the payment.
payment_recorded = Signal()
