GOOD = {
    "username": "Ada",
    "email": "ada@example.com",
    "plan": "pro",
    "password": "analytical-engine",
    "confirm": "analytical-engine",
    "terms": "on",
}


def test_errors_show_by_their_fields(client):
    page = client.post("/signup", data={**GOOD, "email": "ada@", "confirm": "nope"})
    assert page.status_code == 400
    html = page.text
    assert 'aria-invalid="true" aria-describedby="id_email-errors"' in html
    assert '<ul class="field-errors" id="id_email-errors">' in html
    assert "The passwords differ." in html
    assert 'value="Ada"' in html  # what was typed is kept...
    assert "analytical-engine" not in html  # ...but never a password


def test_success_redirects_with_a_message(client):
    response = client.post("/signup", data={**GOOD, "username": "Grace"})
    assert response.status_code == 303
    page = client.get("/signup").text
    assert "Welcome, grace!" in page
    assert "Welcome, grace!" not in client.get("/signup").text  # shown once


def test_wrong_types_and_missing_fields_are_errors_not_crashes(client):
    page = client.post("/signup", data={"age": "twelve", "plan": "gold"})
    assert page.status_code == 400
    assert "Enter a whole number." in page.text
    assert "Choose one of the options." in page.text
    assert page.text.count("This field is required.") == 4
