from awards.models.catalogue import AwardRule, AwardType, BaseSalary, LegalVersion
from awards.models.eligibility import EligibilityInputs, EligibilitySnapshot, EligibleVerdict
from awards.models.history import Acclamation, AwardRecord, Discipline, Household, Initiative, Person, Rating
from awards.models.imports import ImportJob
from awards.models.nominations import DOSSIER_FIELDS, DossierFile, Nomination, NominationVersion, Submission
from awards.models.registrations import TitleRegistration

__all__ = [
    "DOSSIER_FIELDS",
    "Acclamation",
    "AwardRecord",
    "AwardRule",
    "AwardType",
    "BaseSalary",
    "Discipline",
    "DossierFile",
    "EligibilityInputs",
    "EligibilitySnapshot",
    "EligibleVerdict",
    "Household",
    "ImportJob",
    "Initiative",
    "LegalVersion",
    "Nomination",
    "NominationVersion",
    "Person",
    "Rating",
    "Submission",
    "TitleRegistration",
]
