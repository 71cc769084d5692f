# shellcheck shell=bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shared set-up for build-aux/run and build-aux/test on Debian 12: installs the Debian
# packages that are missing, then configures, builds and installs Kesu into ./_install.
# Sourced, not run: the caller has `set -euo pipefail` and calls kesu_setup.

KESU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KESU_BUILD_DIR="$KESU_ROOT/_build"
KESU_INSTALL_DIR="$KESU_ROOT/_install"

# Everything a fresh Debian 12 needs to build, run and test Kesu. librsvg2-common is the
# SVG image loader (the app icon, the icon theme's symbolic icons); libgtk-4-1 only
# recommends it, and --no-install-recommends would leave it out.
KESU_PACKAGES=(
  build-essential
  meson
  ninja-build
  pkg-config
  gettext
  libgtk-4-dev
  libsqlite3-dev
  libsodium-dev
  libxlsxwriter-dev
  libglib2.0-dev-bin
  librsvg2-common
  desktop-file-utils
  appstream-util
  fonts-noto-cjk
)

kesu_log ()
{
  printf '==> %s\n' "$*" >&2
}

# Installs those of the given Debian packages that are not installed yet.
kesu_ensure_packages ()
{
  local missing=() pkg status
  for pkg in "$@"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi

  local -a sudo=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      kesu_log "missing packages: ${missing[*]}"
      kesu_log "not root and no sudo: install them as root, then run this again"
      return 1
    fi
  fi

  kesu_log "installing: ${missing[*]}"
  # `env` carries DEBIAN_FRONTEND through sudo, whatever sudoers keeps.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}

# Configures (first time only), builds and installs into ./_install.
kesu_build ()
{
  (
    cd "$KESU_ROOT" || exit 1
    # An existing build dir reconfigures itself when a meson.build changes; a set-up that
    # failed half-way leaves no coredata and is simply set up again.
    if [[ ! -f "$KESU_BUILD_DIR/meson-private/coredata.dat" ]]; then
      kesu_log "configuring into _build"
      meson setup "$KESU_BUILD_DIR" --prefix="$KESU_INSTALL_DIR"
    fi
    kesu_log "building"
    meson compile -C "$KESU_BUILD_DIR"
    kesu_log "installing into _install"
    meson install -C "$KESU_BUILD_DIR" --quiet
  )
}

# kesu_setup [EXTRA_PACKAGE...]: the whole set-up.
kesu_setup ()
{
  kesu_ensure_packages "${KESU_PACKAGES[@]}" "$@"
  kesu_build
}
