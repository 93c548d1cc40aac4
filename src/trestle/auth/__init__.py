"""trestle.auth: users, groups and permissions; logins with passwords and two-factor codes.

::

    from trestle.auth import authenticate, login, logout, login_required

Add ``"trestle.auth"`` to INSTALLED_APPS (after ``"trestle.sessions"``), or call
``Auth.install(app)`` in a one-file app. See docs/auth.md.
"""

from trestle.auth.decorators import login_required as login_required
from trestle.auth.decorators import permission_required as permission_required
from trestle.auth.decorators import staff_required as staff_required
from trestle.auth.login import LoginThrottled as LoginThrottled
from trestle.auth.login import aauthenticate as aauthenticate
from trestle.auth.login import alogin as alogin
from trestle.auth.login import alogout as alogout
from trestle.auth.login import auser as auser
from trestle.auth.login import authenticate as authenticate
from trestle.auth.login import login as login
from trestle.auth.login import logout as logout
from trestle.auth.login import update_session_auth_hash as update_session_auth_hash
from trestle.auth.models import AnonymousUser as AnonymousUser
from trestle.auth.service import Auth as Auth
from trestle.auth.service import get_user_model as get_user_model
from trestle.auth.validators import PasswordValidationError as PasswordValidationError

__all__ = [
    "AnonymousUser",
    "Auth",
    "LoginThrottled",
    "PasswordValidationError",
    "aauthenticate",
    "alogin",
    "alogout",
    "auser",
    "authenticate",
    "get_user_model",
    "login",
    "login_required",
    "logout",
    "permission_required",
    "staff_required",
    "update_session_auth_hash",
]
