"""Forms of the activities pages, one module per subject: ``log``, ``resolutions``, ``wishes``,
``courses``, ``research``, ``liaison`` and ``study``. They validate input with scoped choices;
the rights and states are checked by ``activities.services``. Dates use
``workrooms.forms.DateInput``; the time widget and the choice fields the subjects share are here.
"""

from django import forms

from core.choices import BoundedModelMultipleChoiceField


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class RepresentativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, rep):
        return rep.name


class RepresentativeChoices(BoundedModelMultipleChoiceField):
    def label_from_instance(self, rep):
        return rep.name


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, area):
        return area.name
