import hashlib
import hmac


def test_bearer_token_calls_need_no_csrf_token(client):
    response = client.post(
        "/api/notes", json={"text": "hi"}, headers={"Authorization": "Bearer t-123"}
    )
    assert response.json() == {"owner": "ada", "text": "hi"}


def test_a_cookie_only_call_is_checked(client):
    assert client.post("/api/notes", json={"text": "hi"}).status_code == 403


def test_the_exempt_webhook_checks_its_own_signature(client):
    body = b'{"paid": 10}'
    signature = hmac.new(b"shared-with-the-payment-provider", body, hashlib.sha256).hexdigest()
    ok = client.post("/webhooks/payments", content=body, headers={"X-Signature": signature})
    assert ok.json() == {"received": True}
    forged = client.post("/webhooks/payments", content=body, headers={"X-Signature": "0"})
    assert forged.status_code == 403
