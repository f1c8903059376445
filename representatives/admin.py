from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from representatives.models import (
    Assignment,
    Level,
    Representative,
    bits_to_levels,
    levels_to_bits,
)


class RepresentativeAdminForm(forms.ModelForm):
    # Levels are stored as bits; the admin ticks them like the registry's own form.
    level_set = forms.TypedMultipleChoiceField(
        label=_("Levels"), choices=Level.choices, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Representative
        fields = [
            "name",
            "gender",
            "level_set",
            "area",
            "phone",
            "electoral_unit",
            "work_unit",
            "post",
            "work_field",
            "strengths",
            "contact_point",
            "residence",
            "is_leading_cadre",
            "term",
            "photo",
            "user",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["level_set"] = [int(lv) for lv in bits_to_levels(self.instance.levels)]

    def _post_clean(self):
        self.instance.levels = levels_to_bits(self.cleaned_data.get("level_set") or [])
        super()._post_clean()


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["workroom"]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    form = RepresentativeAdminForm
    inlines = [AssignmentInline]
    list_display = ["name", "level_label", "area", "work_unit", "is_leading_cadre", "is_active"]
    list_filter = ["highest_level", "work_field", "is_leading_cadre", "is_active"]
    search_fields = ["name", "phone", "work_unit"]
    autocomplete_fields = ["area"]
    raw_id_fields = ["user"]
    list_select_related = ["area"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["representative", "workroom", "role", "start_date", "end_date"]
    list_filter = ["role"]
    search_fields = ["representative__name", "workroom__name"]
    autocomplete_fields = ["representative", "workroom"]
    list_select_related = ["representative", "workroom"]
