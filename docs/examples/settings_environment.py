from trestle import Settings

environ = {
    "TRESTLE_DEBUG": "true",
    "TRESTLE_REQUEST_MAX_BODY_SIZE": "1048576",
    "TRESTLE_TRUSTED_PROXIES": "10.0.0.1, 10.0.0.2",
    "SECRET_KEY": "from-the-environment",
}

# environ defaults to os.environ; it is passed here to show the effect.
settings = Settings({"DEBUG": False}, environ=environ)

assert settings.DEBUG is True  # the environment wins over the given values
assert settings.REQUEST_MAX_BODY_SIZE == 1_048_576
assert settings.TRUSTED_PROXIES == ["10.0.0.1", "10.0.0.2"]
assert settings.SECRET_KEY == "from-the-environment"

json_list = Settings(environ={"TRESTLE_TRUSTED_PROXIES": '["192.168.0.0/16"]'})
assert json_list.TRUSTED_PROXIES == ["192.168.0.0/16"]
