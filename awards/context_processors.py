from awards.enums import ImportJobStatus, NominationStatus, SubmissionStatus


def statuses(request):
    """The status enums, so that templates compare with them and never with literals."""
    return {
        "NominationStatus": NominationStatus,
        "ImportJobStatus": ImportJobStatus,
        "SubmissionStatus": SubmissionStatus,
    }
