#!/bin/sh
# Creates the namespace the app uses and registers its custom search attributes, given as
# Name=Type arguments. Safe on every start: an existing namespace is kept as it is, and adding a
# search attribute that already exists with the same type changes nothing.
# The temporal CLI reads the server's address from TEMPORAL_ADDRESS.
set -eu

namespace=${TEMPORAL_NAMESPACE:-default}
retention=${TEMPORAL_NAMESPACE_RETENTION:-720h}

if [ "$#" -eq 0 ]; then
  echo "usage: setup-namespace.sh Name=Type..." >&2
  exit 2
fi

# The server reports healthy before every internal service has joined the cluster, so the first
# calls may still be refused for a few seconds.
retry() {
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge 20 ]; then
      echo "temporal-admin-tools: giving up on: $*" >&2
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 3
  done
}

ensure_namespace() {
  temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1 ||
    temporal operator namespace create --namespace "$namespace" --retention "$retention"
}

retry temporal operator cluster health
retry ensure_namespace

names=""
for pair do
  shift
  case "$pair" in
    ?*=?*) ;;
    *) echo "temporal-admin-tools: expected Name=Type, got '$pair'" >&2; exit 2 ;;
  esac
  names="$names ${pair%%=*}"
  set -- "$@" --name "${pair%%=*}" --type "${pair#*=}"
done
retry temporal operator search-attribute create --namespace "$namespace" "$@"

# Workers must not start until every attribute is there: with SQL visibility they belong to the
# namespace, and a workflow that sets an unknown one fails its task.
listed=$(temporal operator search-attribute list --namespace "$namespace")
for name in $names; do
  if ! printf '%s\n' "$listed" | grep -qw "$name"; then
    echo "temporal-admin-tools: search attribute $name is missing from namespace $namespace" >&2
    exit 1
  fi
done
echo "temporal-admin-tools: namespace $namespace has the search attributes:$names"
