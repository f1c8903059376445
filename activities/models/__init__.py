"""Activities (活动) of workrooms and representatives: the log, micro-deliberation resolutions,
micro-wishes, menu courses, research topics, liaison talks and study. One module per subject."""

from activities.models.courses import Course, CourseOrder, CourseOrderStatus, CourseTopic
from activities.models.liaison import LiaisonTalk, StudyPlan, StudySession
from activities.models.log import (
    Activity,
    ActivityPhoto,
    ActivityQuerySet,
    ActivityType,
    DeliberationKind,
    Resolution,
    ResolutionStatus,
)
from activities.models.research import (
    ResearchReminder,
    ResearchReport,
    ResearchReportStatus,
    ResearchTopic,
)
from activities.models.wishes import Wish, WishStatus

__all__ = [
    "Activity",
    "ActivityPhoto",
    "ActivityQuerySet",
    "ActivityType",
    "Course",
    "CourseOrder",
    "CourseOrderStatus",
    "CourseTopic",
    "DeliberationKind",
    "LiaisonTalk",
    "ResearchReminder",
    "ResearchReport",
    "ResearchReportStatus",
    "ResearchTopic",
    "Resolution",
    "ResolutionStatus",
    "StudyPlan",
    "StudySession",
    "Wish",
    "WishStatus",
]
