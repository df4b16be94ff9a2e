from campaigns.models.blocks import BlockCriterion, BlockPeerScore, BlockTerm, BlockVote, EmulationBlock
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
from campaigns.models.reminders import Notification, NotificationPreference, ReminderOutbox

__all__ = [
    "BlockCriterion",
    "BlockPeerScore",
    "BlockTerm",
    "BlockVote",
    "Criterion",
    "EmulationBlock",
    "Evidence",
    "Extension",
    "Movement",
    "MovementTarget",
    "Notification",
    "NotificationPreference",
    "Participation",
    "Registration",
    "ReminderOutbox",
    "Review",
    "ReviewPeriod",
    "ReviewScore",
    "ReviewVersion",
    "Stage",
]
