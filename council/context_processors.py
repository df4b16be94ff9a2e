from council.enums import ObjectionStatus, ProposalStatus, SessionStatus


def statuses(request):
    """The council's status enums, so that templates compare with them and never with literals."""
    return {"ObjectionStatus": ObjectionStatus, "ProposalStatus": ProposalStatus, "SessionStatus": SessionStatus}
