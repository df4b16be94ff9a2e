class DomainError(Exception):
    """A rule of the field was broken; the message is shown to the person as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidTransition(DomainError):
    """The object is not in a state that allows this action (or someone acted first)."""


class NotAllowed(DomainError):
    """The person may not do this."""
