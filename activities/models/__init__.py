"""Activities (活动) of workrooms and representatives, one module per subject: ``log`` (the
activity log, its types and photos), ``resolutions`` (微议事 议定事项), ``wishes`` (微心愿),
``courses`` (菜单课程), ``research`` (集中调查研究), ``liaison`` (个别谈话) and ``study`` (研学)."""

from activities.models.courses import Course, CourseOrder, CourseOrderStatus, CourseTopic
from activities.models.liaison import LiaisonTalk
from activities.models.log import (
    Activity,
    ActivityPhoto,
    ActivityQuerySet,
    ActivityType,
    DeliberationKind,
)
from activities.models.research import (
    ResearchReminder,
    ResearchReport,
    ResearchReportStatus,
    ResearchTopic,
)
from activities.models.resolutions import Resolution, ResolutionStatus
from activities.models.study import StudyPlan, StudySession
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
