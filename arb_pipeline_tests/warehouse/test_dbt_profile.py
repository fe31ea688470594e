"""The dbt profile's variables from the one warehouse URL: a server's host and port, the
embedded server's socket directory, the marts schema beside the warehouse schema, and clear
errors for what the profile cannot carry."""

from __future__ import annotations

import os

import pytest

from arb_pipeline.warehouse import WarehouseUnavailableError
from arb_pipeline.warehouse.dbt_profile import DBT_ENV_NAMES, dbt_env, dbt_environment, marts_schema


def test_a_server_url_with_a_password_and_ssl():
    env = dbt_env("postgresql+psycopg://arb:p%40ss%3Aword@db.internal:6543/warehouse?sslmode=require", "arb")
    assert env == {
        "ARB_DBT_HOST": "db.internal",
        "ARB_DBT_PORT": "6543",
        "ARB_DBT_USER": "arb",
        "ARB_DBT_PASSWORD": "p@ss:word",
        "ARB_DBT_DBNAME": "warehouse",
        "ARB_DBT_SCHEMA": "arb_marts",
        "ARB_DBT_SOURCE_SCHEMA": "arb",
        "ARB_DBT_SSLMODE": "require",
    }
    assert set(env) == set(DBT_ENV_NAMES)


def test_the_embedded_servers_socket_directory():
    # The shape embedded_url() returns: no host or port, the socket directory as ?host=.
    env = dbt_env("postgresql+psycopg://postgres@/postgres?host=/home/me/.arb_pipeline/pgdata", "arb_test")
    assert env["ARB_DBT_HOST"] == "/home/me/.arb_pipeline/pgdata"
    assert env["ARB_DBT_PORT"] == "5432"
    assert env["ARB_DBT_PASSWORD"] == ""
    assert (env["ARB_DBT_SCHEMA"], env["ARB_DBT_SOURCE_SCHEMA"]) == ("arb_test_marts", "arb_test")
    assert env["ARB_DBT_SSLMODE"] == "prefer"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql+psycopg://arb@db:5432/arb?application_name=x", "sets application_name, which the dbt profile cannot pass on"),
        ("postgresql+psycopg://arb@/arb", "names no host or socket directory"),
        ("postgresql+psycopg://db:5432/arb", "names no user"),
        ("postgresql+psycopg://arb@db:5432", "names no database"),
        ("not a url", "not a database URL"),
    ],
)
def test_what_the_profile_cannot_carry_is_refused(url, message):
    with pytest.raises(WarehouseUnavailableError, match=message):
        dbt_env(url, "arb")


def test_the_marts_schema_must_fit_an_identifier():
    assert marts_schema("a" * 57) == "a" * 57 + "_marts"
    with pytest.raises(WarehouseUnavailableError, match="too long to name its marts schema"):
        marts_schema("a" * 58)


def test_the_environment_is_restored(monkeypatch):
    monkeypatch.setenv("ARB_DBT_HOST", "before")
    monkeypatch.delenv("ARB_DBT_SCHEMA", raising=False)
    with dbt_environment({"ARB_DBT_HOST": "during", "ARB_DBT_SCHEMA": "x_marts"}):
        assert (os.environ["ARB_DBT_HOST"], os.environ["ARB_DBT_SCHEMA"]) == ("during", "x_marts")
    assert os.environ["ARB_DBT_HOST"] == "before"
    assert "ARB_DBT_SCHEMA" not in os.environ
