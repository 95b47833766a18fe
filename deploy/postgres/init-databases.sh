#!/bin/bash
# Run by the postgres image once, when its data volume is still empty. Each consumer gets its own
# login and its own databases, and nobody else may connect to them: the app cannot read Temporal's
# histories and Temporal's login cannot read reports. Later password changes are made with
# ALTER ROLE, not here.
set -euo pipefail

: "${ANTICOR_DB_PASSWORD:?ANTICOR_DB_PASSWORD is required}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is required}"

# Passwords travel as psql variables and are quoted by psql (:'name'), never pasted into SQL text.
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v anticor_password="$ANTICOR_DB_PASSWORD" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE anticor LOGIN PASSWORD :'anticor_password';
CREATE DATABASE anticor OWNER anticor;
REVOKE ALL ON DATABASE anticor FROM PUBLIC;

CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;
SQL
