#!/bin/sh
# Brings Temporal's two databases (created by deploy/postgres/init-databases.sh) to the schema of
# this admin-tools version. Safe on every start: setup-schema only records version 0.0 when no
# version is recorded yet, and update-schema applies only the steps that are missing. The schemas
# are the ones embedded in temporal-sql-tool, so they always match the tool's own version.
# Connection settings come from SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER and SQL_PASSWORD.
set -eu

for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if temporal-sql-tool --db temporal setup-schema -v 0.0; then
    break
  fi
  # Postgres reports healthy as soon as it accepts connections; a restart right after
  # initialisation can still refuse the first ones.
  if [ "$attempt" = 10 ]; then
    echo "temporal-schema: cannot reach the temporal database at $SQL_HOST:$SQL_PORT as $SQL_USER" >&2
    exit 1
  fi
  sleep 3
done
temporal-sql-tool --db temporal update-schema --schema-name postgresql/v12/temporal

temporal-sql-tool --db temporal_visibility setup-schema -v 0.0
temporal-sql-tool --db temporal_visibility update-schema --schema-name postgresql/v12/visibility

echo "temporal-schema: temporal and temporal_visibility are up to date"
