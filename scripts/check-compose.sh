#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine, the way `docker compose up` would read it:
#  - with every required variable set to a dummy value, the file must resolve cleanly, and no
#    ${VAR} may be left without a default or a requirement (compose would quietly use "");
#  - with any one required variable unset, it must refuse, naming that variable, so production can
#    never start with a missing secret;
#  - .env.example copied as it is must be refused, and accepted once its secrets are filled in.
#
#   bash scripts/check-compose.sh          check (installs docker-compose on first use)
#   bash scripts/check-compose.sh --json   print the configuration resolved with the dummy values
#
# Uses `docker compose` (v2) or `docker-compose` when present. Otherwise it installs Debian's
# docker-compose package (as root, where apt-get exists) or the PyPI docker-compose 1.29.2 into
# $XDG_CACHE_HOME/anticor/compose-venv (~/.cache/anticor/compose-venv); ANTICOR_COMPOSE_INSTALL=apt
# or =pip chooses. Either is done once; later runs find it at once.
# Everything it prints except the --json document goes to stderr.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HOME=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
compose_file="$root/docker-compose.yml"
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/anticor"
venv="$cache_dir/compose-venv"

log() { echo "check-compose: $*" >&2; }
fail() {
  log "FAILED: $*"
  exit 1
}

mode=check
case "${1:-}" in
  '') ;;
  --json) mode=json ;;
  *) fail "unknown argument '$1' (expected nothing or --json)" ;;
esac
[ -f "$compose_file" ] || fail "$compose_file does not exist"

# In the shapes lib/config.ts accepts, so that the resolved environment of every app service can
# itself be validated (test/compose/compose.test.ts does). None of these is a usable secret.
dummy_env=(
  "POSTGRES_PASSWORD=00000000000000000000000000000000"
  "ANTICOR_DB_PASSWORD=11111111111111111111111111111111"
  "TEMPORAL_DB_PASSWORD=22222222222222222222222222222222"
  "ANTICOR_KEYS=dummy1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
  "ANTICOR_HMAC_KEY=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="
  "ADMIN_TOKENS=dummy-admin-token-0000000000000000000000"
  "TEMPORAL_UI_CODEC_TOKEN=dummy-codec-token-0000000000000000000000"
  "TELEGRAM_BOT_TOKEN=123456:dummy-token"
  "TELEGRAM_WEBHOOK_SECRET=dummy-webhook-secret"
  "TELEGRAM_WEBHOOK_URL=https://anticor.example.org/telegram/webhook"
)

compose=()

find_compose() {
  if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
  elif command -v docker-compose >/dev/null 2>&1; then
    compose=("$(command -v docker-compose)")
  elif [ -f "$venv/.complete" ] && [ -x "$venv/bin/docker-compose" ]; then
    compose=("$venv/bin/docker-compose")
  else
    return 1
  fi
}

install_with_apt() {
  local out
  out=$(mktemp)
  log "installing Debian's docker-compose package (first run only)"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be missing or stale on a fresh machine: update only when needed.
  if ! apt-get install -y -q --no-install-recommends docker-compose >"$out" 2>&1; then
    if ! { apt-get update -q && apt-get install -y -q --no-install-recommends docker-compose; } >"$out" 2>&1; then
      tail -n 20 "$out" >&2
      rm -f "$out"
      return 1
    fi
  fi
  rm -f "$out"
}

install_with_pip() {
  local python out constraints
  python=$(command -v python3 || true)
  [ -n "$python" ] || { log "python3 is needed to install docker-compose from PyPI"; return 1; }
  log "installing docker-compose 1.29.2 from PyPI into $venv (first run only)"
  rm -rf "$venv"
  mkdir -p "$cache_dir"
  out=$(mktemp)
  constraints=$(mktemp)
  # PyYAML 5.4 (the newest docker-compose 1.29 accepts) has no wheel for current Pythons and its
  # source build breaks with Cython 3; docker-py 7 dropped what compose 1.29 imports.
  printf 'cython<3\ndocker<7\n' >"$constraints"
  if ! { "$python" -m venv "$venv" &&
    PIP_CONSTRAINT="$constraints" "$venv/bin/pip" install --disable-pip-version-check -q 'docker-compose==1.29.2'; } >"$out" 2>&1; then
    tail -n 20 "$out" >&2
    rm -f "$out" "$constraints"
    rm -rf "$venv"
    return 1
  fi
  rm -f "$out" "$constraints"
  touch "$venv/.complete"
}

if ! find_compose; then
  via=${ANTICOR_COMPOSE_INSTALL:-}
  if [ -z "$via" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then via=apt; else via=pip; fi
  fi
  started=$SECONDS
  case "$via" in
    apt) install_with_apt || fail "could not install docker-compose with apt-get (set ANTICOR_COMPOSE_INSTALL=pip to use PyPI)" ;;
    pip) install_with_pip || fail "could not install docker-compose from PyPI into $venv" ;;
    *) fail "ANTICOR_COMPOSE_INSTALL must be apt or pip, not '$via'" ;;
  esac
  find_compose || fail "docker-compose was installed but cannot be found"
  log "docker-compose installed in $((SECONDS - started)) s"
fi

compose_version=$("${compose[@]}" version --short 2>/dev/null || true)
[ -n "$compose_version" ] || fail "'${compose[*]} version' does not work"

empty_env_file=$(mktemp)
trap 'rm -f "$empty_env_file"' EXIT

# A clean environment and an empty env file: neither the caller's shell nor a developer's real .env
# may leak into the check (or into its output).
# Usage: run_compose_config [VAR=value...] -- [config options...]
run_compose_config() {
  local -a assignments=()
  while [ "$1" != -- ]; do
    assignments+=("$1")
    shift
  done
  shift
  env -i PATH="$PATH" HOME="$HOME" "${assignments[@]}" \
    "${compose[@]}" --env-file "${env_file:-$empty_env_file}" --project-directory "$root" -f "$compose_file" config "$@"
}

if [ "$mode" = json ]; then
  case "$compose_version" in
    1.*)
      # docker-compose 1 prints only YAML; the Python that runs it has PyYAML.
      interpreter=$(head -n 1 "${compose[0]}" | sed -n 's/^#![[:space:]]*//p')
      [ -n "$interpreter" ] || fail "cannot tell which Python runs ${compose[0]}"
      run_compose_config "${dummy_env[@]}" -- |
        $interpreter -c 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout, indent=2, sort_keys=True)'
      ;;
    *) run_compose_config "${dummy_env[@]}" -- --format json ;;
  esac
  exit 0
fi

errors=$(mktemp)
trap 'rm -f "$empty_env_file" "$errors"' EXIT

# The variables with a dummy value must be exactly the ones the file requires.
mapfile -t required < <(grep -oE '\$\{[A-Za-z_][A-Za-z0-9_]*:\?' "$compose_file" | sed -E 's/^\$\{([A-Za-z0-9_]+):\?$/\1/' | sort -u)
for name in "${required[@]}"; do
  printf '%s\n' "${dummy_env[@]}" | grep -q "^$name=" ||
    fail "$name is required by docker-compose.yml but has no dummy value in scripts/check-compose.sh"
done

if ! run_compose_config "${dummy_env[@]}" -- -q 2>"$errors"; then
  cat "$errors" >&2
  fail "docker-compose.yml does not resolve even with every required variable set"
fi
if grep -qi 'variable is not set' "$errors"; then
  cat "$errors" >&2
  fail "docker-compose.yml uses a variable with neither a default (\${VAR:-…}) nor a requirement (\${VAR:?…})"
fi

# Each required variable must stop compose on its own, naming itself: a default added to a secret
# shows up here.
for assignment in "${dummy_env[@]}"; do
  name=${assignment%%=*}
  # Every use must carry the requirement: one ${NAME:-default} elsewhere would start a service
  # with a made-up secret.
  unguarded=$(grep -oE "\\\$\\{${name}[^A-Za-z0-9_]*" "$compose_file" | grep -vxF "\${$name:?" || true)
  [ -z "$unguarded" ] || fail "docker-compose.yml uses $name without requiring it: $(echo "$unguarded" | sort -u | tr '\n' ' ')"
  without=()
  for other in "${dummy_env[@]}"; do
    [ "${other%%=*}" = "$name" ] || without+=("$other")
  done
  if run_compose_config "${without[@]}" -- -q 2>"$errors"; then
    fail "docker-compose.yml resolves with $name unset; it must refuse (use \${$name:?message})"
  fi
  grep -q "$name" "$errors" || {
    cat "$errors" >&2
    fail "with $name unset, compose failed without naming it"
  }
done

# .env.example is what people copy to .env: as shipped it must be refused (its secrets are empty),
# and once they are filled in nothing else in it may break the file.
example="$root/.env.example"
[ -f "$example" ] || fail ".env.example does not exist"
for assignment in "${dummy_env[@]}"; do
  grep -q "^${assignment%%=*}=" "$example" || fail ".env.example has no line for the required ${assignment%%=*}="
done
if env_file=$example run_compose_config -- -q 2>"$errors"; then
  fail "docker-compose.yml resolves with .env.example copied as it is; its secrets must be empty"
fi
if ! env_file=$example run_compose_config "${dummy_env[@]}" -- -q 2>"$errors"; then
  cat "$errors" >&2
  fail "docker-compose.yml does not resolve with .env.example once its required variables are filled in"
fi

log "OK: docker-compose.yml is valid (${compose[*]##*/} $compose_version), and each of its ${#dummy_env[@]} required variables stops it when unset: ${required[*]}"
