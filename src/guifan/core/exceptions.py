"""Domain failures, named for what went wrong. Views turn them into messages or 403s."""

from django.core.exceptions import PermissionDenied


class ScopeViolation(PermissionDenied):
    """The actor tried to reach a record outside their county or institution, or a field not theirs."""
