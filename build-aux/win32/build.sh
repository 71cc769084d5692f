#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds Kesu on Windows and bundles it with what GTK needs at run time, in dist/kesu/.
# Run it from the MSYS2 UCRT64 shell, anywhere in the source tree:
#   bash build-aux/win32/build.sh
# See build-aux/win32/README.md for what each step does.
set -euo pipefail

if [[ "${MSYSTEM:-}" != "UCRT64" ]]; then
  echo "build.sh: run this from the MSYS2 UCRT64 shell (MSYSTEM is '${MSYSTEM:-unset}')" >&2
  exit 1
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

prefix="${MINGW_PREFIX:-/ucrt64}"
pkg="${MINGW_PACKAGE_PREFIX:-mingw-w64-ucrt-x86_64}"
build="$root/_build-win"
dist="$root/dist/kesu"
svg="$root/data/icons/hicolor/scalable/apps/app.kesu.Kesu.svg"
ico="$root/data/win32/kesu.ico"

log ()
{
  printf '==> %s\n' "$*" >&2
}

# 1. Packages. gettext was split into gettext-runtime and gettext-tools in 2024; msgfmt is
#    in gettext-tools (older repositories only have the single "gettext" package).
gettext_pkg="$pkg-gettext-tools"
if ! pacman -Si "$gettext_pkg" >/dev/null 2>&1; then
  gettext_pkg="$pkg-gettext"
fi
log "installing packages"
pacman -S --needed --noconfirm \
  "$pkg-gcc" \
  "$pkg-meson" \
  "$pkg-ninja" \
  "$pkg-pkgconf" \
  "$pkg-gtk4" \
  "$pkg-adwaita-icon-theme" \
  "$pkg-sqlite3" \
  "$pkg-libsodium" \
  "$pkg-libxlsxwriter" \
  "$gettext_pkg" \
  "$pkg-imagemagick" \
  "$pkg-librsvg"

# 2. The .ico for data/win32/kesu.rc, made from the SVG: rsvg-convert renders each size
#    (crisper than ImageMagick's own SVG reader), magick packs them into one file.
if [[ ! -f "$ico" ]]; then
  log "making data/win32/kesu.ico"
  if command -v magick >/dev/null 2>&1; then
    im=(magick)
  elif convert -version 2>/dev/null | grep -q ImageMagick; then
    im=(convert)   # ImageMagick 6; never Windows' own convert.exe
  else
    echo "build.sh: ImageMagick (magick) not found" >&2
    exit 1
  fi
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  pngs=()
  for size in 16 24 32 48 64 128 256; do
    if command -v rsvg-convert >/dev/null 2>&1; then
      rsvg-convert -w "$size" -h "$size" -o "$tmp/$size.png" "$svg"
    else
      "${im[@]}" -background none -density 384 "$svg" -resize "${size}x${size}" "$tmp/$size.png"
    fi
    pngs+=("$tmp/$size.png")
  done
  "${im[@]}" "${pngs[@]}" "$ico"
fi

# 3. Configure (first time only), build, install into the bundle directory. A clean bundle
#    each time, so nothing stale ships.
if [[ ! -f "$build/meson-private/coredata.dat" ]]; then
  log "configuring into _build-win"
  meson setup "$build" \
    --prefix="$(cygpath -m "$dist")" \
    --buildtype=release \
    -Dtests=false
fi
log "building"
meson compile -C "$build"
rm -rf "$dist"
log "installing into dist/kesu"
meson install -C "$build"

bin="$dist/bin"
exe="$bin/kesu.exe"
[[ -f "$exe" ]] || { echo "build.sh: $exe was not installed" >&2; exit 1; }

# 4. DLLs: everything the executable (and, below, the pixbuf loaders) load from UCRT64.
#    MSYS2's ldd lists the whole dependency tree: "name.dll => /ucrt64/bin/name.dll (0x...)".
copy_dlls ()
{
  local file dll
  for file in "$@"; do
    ldd "$file" || log "warning: ldd failed on $file"
  done | awk -v p="$prefix/" 'index(tolower($3), tolower(p)) == 1 { print $3 }' | sort -u |
    while read -r dll; do
      cp -u "$dll" "$bin/"
    done
}
log "copying DLLs"
copy_dlls "$exe"
# gdbus.exe lets GApplication find a running Kesu (single instance); optional.
if [[ -f "$prefix/bin/gdbus.exe" ]]; then
  cp -u "$prefix/bin/gdbus.exe" "$bin/"
  copy_dlls "$bin/gdbus.exe"
fi

# 5. gdk-pixbuf loaders (the SVG loader from librsvg draws the icons). gdk-pixbuf on Windows
#    resolves relative paths in loaders.cache against the bundle's top directory, so any
#    absolute path to the MSYS2 tree is rewritten to lib/gdk-pixbuf-2.0/...
log "copying gdk-pixbuf loaders"
pixbuf_rel="lib/gdk-pixbuf-2.0/2.10.0"
mkdir -p "$dist/$pixbuf_rel/loaders"
shopt -s nullglob
loaders=("$prefix/$pixbuf_rel/loaders/"*.dll)
shopt -u nullglob
if ((${#loaders[@]} > 0)); then
  cp -u "${loaders[@]}" "$dist/$pixbuf_rel/loaders/"
  copy_dlls "$dist/$pixbuf_rel/loaders/"*.dll
fi
sed -E 's#^"[^"]*[/\\]lib[/\\]+gdk-pixbuf-2\.0[/\\]+#"lib/gdk-pixbuf-2.0/#' \
  "$prefix/$pixbuf_rel/loaders.cache" > "$dist/$pixbuf_rel/loaders.cache"

# 6. GSettings schemas: Kesu's (installed by meson) plus GTK's own, compiled together.
log "compiling GSettings schemas"
schemas="$dist/share/glib-2.0/schemas"
mkdir -p "$schemas"
cp -u "$prefix/share/glib-2.0/schemas/"org.gtk.gtk4.*.gschema.xml "$schemas/"
glib-compile-schemas "$schemas"

# 7. Icon themes: Adwaita without its cursors (Windows draws its own), and hicolor's index
#    so Kesu's own icon is found.
log "copying icon themes"
icons="$dist/share/icons"
mkdir -p "$icons/Adwaita" "$icons/hicolor"
for entry in "$prefix/share/icons/Adwaita/"*; do
  [[ "$(basename "$entry")" == cursors ]] && continue
  cp -r "$entry" "$icons/Adwaita/"
done
cp -u "$prefix/share/icons/hicolor/index.theme" "$icons/hicolor/"
if command -v gtk4-update-icon-cache >/dev/null 2>&1; then
  update_icon_cache=gtk4-update-icon-cache
else
  update_icon_cache=gtk-update-icon-cache
fi
for theme in Adwaita hicolor; do
  "$update_icon_cache" -q -t -f "$icons/$theme"
done

# 8. Chinese translations of GTK and GLib (Kesu's own kesu.mo was installed by meson).
log "copying zh_CN translations"
for domain in gtk40 glib20; do
  mo="$prefix/share/locale/zh_CN/LC_MESSAGES/$domain.mo"
  if [[ -f "$mo" ]]; then
    mkdir -p "$dist/share/locale/zh_CN/LC_MESSAGES"
    cp -u "$mo" "$dist/share/locale/zh_CN/LC_MESSAGES/"
  fi
done

log "done: $(cygpath -w "$exe")"
