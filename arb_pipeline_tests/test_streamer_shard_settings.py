"""Which shard a streamer replica takes, read from the environment the StatefulSet gives it."""

import pytest

from arb_pipeline.config import SettingsError, StreamerShard


def test_one_replica_by_default():
    assert StreamerShard.from_env({}) == StreamerShard(shard=0, shards=1)
    assert StreamerShard.from_env({"ARB_STREAMER_SHARD": " ", "ARB_STREAMER_SHARDS": ""}) == StreamerShard(0, 1)


@pytest.mark.parametrize(
    ("shard", "shards", "expected"),
    [
        ("0", "3", StreamerShard(0, 3)),
        ("2", "3", StreamerShard(2, 3)),
        ("arb-streamer-2", "3", StreamerShard(2, 3)),
        ("arb-streamer-0", "1", StreamerShard(0, 1)),
        ("streamer.v2-11", "12", StreamerShard(11, 12)),
    ],
)
def test_the_shard_is_a_number_or_the_pod_ordinal(shard, shards, expected):
    assert StreamerShard.from_env({"ARB_STREAMER_SHARD": shard, "ARB_STREAMER_SHARDS": shards}) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ARB_STREAMER_SHARDS": "0"}, "ARB_STREAMER_SHARDS='0' is not valid: expected the number of streamer replicas"),
        ({"ARB_STREAMER_SHARDS": "three"}, "ARB_STREAMER_SHARDS='three' is not valid"),
        ({"ARB_STREAMER_SHARDS": "-2"}, "ARB_STREAMER_SHARDS='-2' is not valid"),
        ({"ARB_STREAMER_SHARD": "-1", "ARB_STREAMER_SHARDS": "3"}, "ARB_STREAMER_SHARD='-1' is not valid: expected this replica's shard"),
        ({"ARB_STREAMER_SHARD": "arb-streamer", "ARB_STREAMER_SHARDS": "3"}, "ARB_STREAMER_SHARD='arb-streamer' is not valid"),
        ({"ARB_STREAMER_SHARD": "3", "ARB_STREAMER_SHARDS": "3"},
         "ARB_STREAMER_SHARD='3' is shard 3, but ARB_STREAMER_SHARDS=3 replicas have shards 0 to 2"),
        # A replica added by `kubectl scale` alone still has the old count: it must refuse to start.
        ({"ARB_STREAMER_SHARD": "arb-streamer-3", "ARB_STREAMER_SHARDS": "3"}, "is shard 3, but ARB_STREAMER_SHARDS=3"),
        ({"ARB_STREAMER_SHARD": "1"}, "ARB_STREAMER_SHARD='1' is shard 1, but ARB_STREAMER_SHARDS=1 replicas have shards 0 to 0"),
    ],
)
def test_an_unusable_shard_setting_is_one_line_naming_it(env, message):
    with pytest.raises(SettingsError, match=message) as raised:
        StreamerShard.from_env(env)
    assert "\n" not in str(raised.value)
