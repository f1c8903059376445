"""The sign-in form: allauth's, with the login (a user name or an e-mail address) bounded.

allauth leaves the field unbounded when both user names and e-mail addresses sign in; a login
of 100,000 characters then reached the database as a case-insensitive match, which SQLite
refuses with a server error. No user name or address is longer than an e-mail address may be.
"""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.core.validators import MaxLengthValidator

LOGIN_MAX_LENGTH = 254


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.max_length = LOGIN_MAX_LENGTH  # type: ignore[attr-defined]
        field.validators.append(MaxLengthValidator(LOGIN_MAX_LENGTH))
        field.widget.attrs["maxlength"] = str(LOGIN_MAX_LENGTH)
