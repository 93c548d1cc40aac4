from trestle.db import assert_num_queries


def test_the_post_list_runs_three_queries(client, db):
    # The count, one page of posts, and their authors in one go (selectinload).
    with assert_num_queries(db, 3):
        response = client.get("/posts")
    assert response.status_code == 200
