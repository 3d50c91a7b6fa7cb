#!/usr/bin/env bash
# The browser test drives Debian's Chromium (test tools may not download their own browser here).
# Installs it when missing and we are root (CI, fresh machines); otherwise says what to run.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ]; then
  echo "Installing Debian chromium for the browser test..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser test needs Chromium: run 'sudo apt-get install -y chromium' and try again." >&2
exit 1
