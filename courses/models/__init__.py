"""Models of the courses app, one module per domain."""

from courses.models.events import EventIndexPage, EventPage, EventSpeaker, EventTopic
from courses.models.learning import (
    Certificate,
    Enrolment,
    LearnerProfile,
    ModuleCompletion,
    StepProgress,
)
from courses.models.live import (
    AudienceQuestion,
    AudienceQuestionVote,
    LiveAnswer,
    LiveParticipant,
    LiveSession,
    PlenaryResponse,
)
from courses.models.quizzes import QuizAttempt, QuizPage
from courses.models.snippets import (
    Country,
    InnovationPrinciple,
    InnovationStrategy,
    Organisation,
)
from courses.models.tree import (
    CourseIndexPage,
    CourseLearningOutcome,
    CoursePage,
    DayPage,
    ModulePage,
    PlenaryChoice,
    PlenaryQuestionPage,
    SlidePage,
)

__all__ = [
    "AudienceQuestion",
    "AudienceQuestionVote",
    "Certificate",
    "Enrolment",
    "LearnerProfile",
    "ModuleCompletion",
    "StepProgress",
    "Country",
    "CourseIndexPage",
    "CourseLearningOutcome",
    "CoursePage",
    "DayPage",
    "EventIndexPage",
    "EventPage",
    "EventSpeaker",
    "EventTopic",
    "InnovationPrinciple",
    "InnovationStrategy",
    "LiveAnswer",
    "LiveParticipant",
    "LiveSession",
    "ModulePage",
    "Organisation",
    "PlenaryChoice",
    "PlenaryQuestionPage",
    "PlenaryResponse",
    "QuizAttempt",
    "QuizPage",
    "SlidePage",
]
