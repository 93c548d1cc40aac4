def test_the_store_and_its_timeouts(client):
    from trestle.sessions.redis_store import RedisStore

    config = client.app.extensions["sessions"].fixed_config
    assert isinstance(config.store, RedisStore)
    assert config.store.prefix == "trestle:session:"
    assert (config.idle_timeout, config.absolute_timeout) == (1800, 28800)
    # A request that does not carry a session cookie does not need Redis to be read.
    assert config.store.location == "127.0.0.1:6379"
