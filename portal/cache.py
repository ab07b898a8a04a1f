"""Django's Redis cache backend, with one Redis client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` object on every cache call; that
object's constructor alone (its table of response callbacks) cost about 0.24 ms, as
much as the rest of a page-cache hit (issue 13, profile in docs/benchmarks.md). A
`redis.Redis` is safe to share between threads (each command takes a connection from
the pool), and the pool itself opens new connections after a fork.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
