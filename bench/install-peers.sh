#!/bin/sh
# Installs the programs `npm run bench` compares vcl-edge with, from Debian, when missing:
# nginx (nginx-light), HAProxy, Varnish and the wrk load generator. Needs root (apt-get).
# The benchmark starts its own instances on 127.0.0.1 with temporary configs, so the system
# services Debian starts on install (nginx and Varnish on 0.0.0.0, HAProxy) are stopped again.
set -eu

missing=""
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing="$missing haproxy"
command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ] || missing="$missing varnish"
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"

if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-peers: run as root to install:$missing" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Debian's invoke-rc.d asks policy-rc.d whether a package may start its service: 101 says no, so
  # nginx and Varnish never listen on 0.0.0.0, even for a moment (an existing policy is left alone).
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
  fi
  apt-get update -q
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y -q --no-install-recommends $missing
  [ -z "$policy" ] || rm -f "$policy"
  # Where a service started all the same (no policy-rc.d support), stop it.
  for service in nginx haproxy varnish varnishncsa; do
    if [ -e "/etc/init.d/$service" ] || [ -e "/lib/systemd/system/$service.service" ]; then
      service "$service" stop >/dev/null 2>&1 || true
    fi
  done
fi
