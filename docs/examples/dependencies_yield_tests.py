from docs_example_dependencies_yield import LOG


def test_clean_up_runs_after_the_response(client):
    LOG.clear()
    assert client.post("/notes/hello").json() == {"added": "hello"}
    assert LOG == ["begin", "view done", "commit ['hello']", "close"]


def test_the_view_s_exception_reaches_the_dependency(client):
    LOG.clear()
    assert client.post("/notes/forbidden").status_code == 409
    assert LOG == ["begin", "rollback (409: not that one)", "close"]
