#!/bin/sh
# First start of the postgres service only (the image runs /docker-entrypoint-initdb.d when its
# data volume is empty): the warehouse and Dagster's storage as two databases, each owned by its
# own login, so neither service can read or drop the other's tables. Changing a password later is
# ALTER ROLE ... PASSWORD, not an edit of deploy/.env alone.
set -eu
psql --set ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set arb_password="$ARB_WAREHOUSE_PASSWORD" --set dagster_password="$DAGSTER_PG_PASSWORD" <<'SQL'
CREATE ROLE arb LOGIN PASSWORD :'arb_password';
CREATE DATABASE arb OWNER arb;
REVOKE ALL ON DATABASE arb FROM PUBLIC;
CREATE ROLE dagster LOGIN PASSWORD :'dagster_password';
CREATE DATABASE dagster OWNER dagster;
REVOKE ALL ON DATABASE dagster FROM PUBLIC;
SQL
