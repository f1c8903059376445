from django import forms
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleKind, User
from accounts.scope import scope_q
from core.dates import TERM, date_within
from core.once import OnceMixin
from core.personal_data import is_valid_mobile, normalize_phone
from core.uploads import validate_image_upload
from representatives.models import (
    AssignmentRole,
    Level,
    Representative,
    bits_to_levels,
    levels_to_bits,
)
from representatives.selectors import MANAGERS, workrooms_managed_by
from workrooms.forms import DateInput
from workrooms.selectors import areas_visible_to

# The file is read whole into memory; offices' rosters are a few hundred rows, far below this.
IMPORT_MAX_BYTES = 5 * 1024 * 1024


def managed_areas(user):
    """Areas where the user keeps the registry (may register representatives)."""
    return areas_visible_to(user, kinds=MANAGERS)


def clean_mobile(value: str, *, exclude_pk=None) -> str:
    phone = normalize_phone(value)
    if not phone:
        return ""
    if not is_valid_mobile(phone):
        raise forms.ValidationError(
            _("Enter an 11-digit mobile number, e.g. 13812345678."), code="bad_phone"
        )
    taken = Representative.objects.filter(phone=phone)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise forms.ValidationError(
            _("Another representative is registered with this phone number."), code="taken"
        )
    return phone


class RepresentativeForm(OnceMixin, forms.ModelForm):
    level_set = forms.TypedMultipleChoiceField(
        label=_("Levels"),
        choices=Level.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every congress the person was elected to."),
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
            "is_active",
        ]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"})}
        labels = {"name": _("Full name")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = managed_areas(user)
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        if self.instance.pk:
            self.initial["level_set"] = [
                int(level) for level in bits_to_levels(self.instance.levels)
            ]

    def clean_phone(self):
        return clean_mobile(self.cleaned_data.get("phone", ""), exclude_pk=self.instance.pk)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            validate_image_upload(photo)
        return photo

    def _post_clean(self):
        # Levels are stored as bits; set them before model validation checks "at least one".
        self.instance.levels = levels_to_bits(self.cleaned_data.get("level_set") or [])
        super()._post_clean()


class AssignmentForm(forms.Form):
    workroom = forms.ModelChoiceField(label=_("Workroom"), queryset=None)
    role = forms.ChoiceField(
        label=_("Role"), choices=AssignmentRole.choices, initial=AssignmentRole.MEMBER
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Why this workroom: constituency, field, residence (就近就便)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workroom"].queryset = workrooms_managed_by(user)
        self.initial.setdefault("start_date", timezone.localdate())
        date_within(self.fields["start_date"], TERM)


class AssignmentEndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_within(self.fields["end_date"], TERM)


class AssignmentRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=AssignmentRole.choices)
    on = forms.DateField(label=_("Takes effect on"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_within(self.fields["on"], TERM)


class LinkUserForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("User account"),
        queryset=None,
        help_text=_("Accounts holding the representative role in your area, not yet linked."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        holders = User.objects.filter(
            Q(roles__kind=RoleKind.REPRESENTATIVE) & scope_q(actor, "roles__area__path"),
            is_active=True,
            representative__isnull=True,
        )
        self.fields["user"].queryset = User.objects.filter(pk__in=holders.values("pk")).order_by(
            "full_name", "username"
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"


class CreateAccountForm(forms.Form):
    username = forms.CharField(
        label=_("User name"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Lets them reset a forgotten password themselves."),
    )
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Give it to the representative in person; they can change it after signing in."
        ),
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is already taken."))
        return username

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    area = forms.ModelChoiceField(
        label=_("Register new representatives in"),
        queryset=None,
        help_text=_(
            "Representatives already in the registry keep the area they are registered in."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = managed_areas(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Only .xlsx files can be imported. Save the sheet as “Excel workbook (.xlsx)”.")
            )
        return upload
