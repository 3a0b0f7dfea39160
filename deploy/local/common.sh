# Shared helpers for the local infrastructure scripts (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VAR="$ROOT/var"
mkdir -p "$VAR"

say()  { printf '[maillage] %s\n' "$*" >&2; }
fail() { printf '[maillage] ERROR: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for_port() {  # host port seconds what
    local deadline=$((SECONDS + $3))
    until port_open "$1" "$2"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else fail "need root to run: $* (run as root or install sudo)"; fi
}

apt_install() {  # package...
    command -v apt-get >/dev/null || fail "apt-get not found: install $* with your package manager"
    say "installing $* from Debian (apt-get)"
    if [ ! -f "$VAR/.apt-updated" ]; then as_root apt-get update -qq && touch "$VAR/.apt-updated"; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
        || fail "apt-get install $* failed; install it by hand and retry"
}
