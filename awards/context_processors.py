from awards.enums import NominationStatus


def statuses(request):
    """The nomination status enum, so that templates compare with it and never with literals."""
    return {"NominationStatus": NominationStatus}
