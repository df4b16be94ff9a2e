from campaigns.models.blocks import BlockCriterion, BlockPeerScore, BlockVote
from campaigns.models.cycle import (
    Criterion,
    Evidence,
    Extension,
    Movement,
    MovementTarget,
    Participation,
    Registration,
    Review,
    ReviewPeriod,
    ReviewScore,
    ReviewVersion,
    Stage,
)
from campaigns.models.organisation import PATH_SEP, BlockTerm, EmulationBlock, Membership, OrgUnit
from campaigns.models.reminders import Notification, ReminderOutbox

__all__ = [
    "PATH_SEP",
    "BlockCriterion",
    "BlockPeerScore",
    "BlockTerm",
    "BlockVote",
    "Criterion",
    "EmulationBlock",
    "Evidence",
    "Extension",
    "Membership",
    "Movement",
    "MovementTarget",
    "Notification",
    "OrgUnit",
    "Participation",
    "Registration",
    "ReminderOutbox",
    "Review",
    "ReviewPeriod",
    "ReviewScore",
    "ReviewVersion",
    "Stage",
]
