"""Forms of the request pages: registering (``register``) and one form per move (``steps``)."""

from petitions.forms.register import RegisterForm
from petitions.forms.steps import STEP_FORMS, StepForm

__all__ = ["STEP_FORMS", "RegisterForm", "StepForm"]
