class UnreadableReport(Exception):
    """The file cannot be read as a report; the message says why, in Chinese."""
