import logging
import re


def test_one_line_per_request(client):
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("trestle.request")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        client.get("/notes/7")
        client.get("/notes/700")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    first, second = (record.getMessage() for record in records)
    assert re.fullmatch(r"GET /notes/7 200 \d+\.\d ms [0-9a-f]{32}", first)
    assert re.fullmatch(r"GET /notes/700 404 \d+\.\d ms [0-9a-f]{32}", second)
    assert [record.levelname for record in records] == ["INFO", "WARNING"]
    assert records[0].status == 200 and records[0].duration_ms >= 0
