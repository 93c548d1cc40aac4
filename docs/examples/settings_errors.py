from trestle import Settings
from trestle.conf import SettingsError


def error_of(*args: object, **kwargs: object) -> str:
    try:
        Settings(*args, **kwargs)
    except SettingsError as error:
        return str(error)
    raise AssertionError("no SettingsError")


assert error_of({"DEBUGG": True}) == "unknown setting DEBUGG: did you mean DEBUG?"
assert error_of({"debug": True}) == "setting names are upper-case: 'debug'"
assert error_of({"DEBUG": "yes"}) == "setting DEBUG must be a bool, got 'yes'"
assert error_of({"REQUEST_MAX_BODY_SIZE": -1}) == (
    "setting REQUEST_MAX_BODY_SIZE must be a non-negative int, got -1"
)
assert error_of(environ={"TRESTLE_DEBUG": "maybe"}) == (
    "environment: TRESTLE_DEBUG='maybe' is not a boolean (use 1/0, true/false)"
)
assert error_of(environ={"TRESTLE_REQUEST_MAX_BODY_SIZE": "10MB"}) == (
    "environment: TRESTLE_REQUEST_MAX_BODY_SIZE='10MB' is not an integer"
)
