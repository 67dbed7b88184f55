from django.dispatch import Signal

# Sent inside the payment's transaction, with `entry`: the grading workflow records the payment.
payment_recorded = Signal()

# Sent inside the transaction that creates a programme year from the previous one (新建年度项目),
# with `programme` (the new year), `previous` (the year copied from) and `by`. Each app copies its
# own settings for the year: the questionnaire, the indicator tree, the report's narrative texts.
programme_started = Signal()
