#!/usr/bin/env bash
# Vendors Swagger UI's built files into trestle.api, so /docs works offline (no CDN).
#
# Copies, unmodified, only what the docs page loads and what the licence requires, from the
# swagger-ui-dist package on the npm registry, checked against the registry's published
# integrity hash. To upgrade: change VERSION and INTEGRITY (`npm view swagger-ui-dist@X
# dist.integrity`), run this script, open /docs in a browser, and run tests/api.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="5.35.0"
INTEGRITY="sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ=="
FILES=(
  swagger-ui-bundle.js
  swagger-ui-bundle.js.LICENSE.txt
  swagger-ui.css
  favicon-32x32.png
  LICENSE
  NOTICE
)
TARGET="src/trestle/api/static/swagger-ui"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "swagger-ui-dist@${VERSION}" >/dev/null)
tarball="$work/swagger-ui-dist-${VERSION}.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "integrity mismatch for swagger-ui-dist@${VERSION}: got $actual" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"

rm -rf "$TARGET"
mkdir -p "$TARGET"
for file in "${FILES[@]}"; do
  cp "$work/package/$file" "$TARGET/$file"
done
cat > "$TARGET/VERSION" <<INFO
swagger-ui-dist ${VERSION} from the npm registry (${INTEGRITY}),
copied unmodified by scripts/vendor-swagger-ui.sh: ${FILES[*]}
INFO
echo "vendored swagger-ui-dist ${VERSION} into ${TARGET}:"
du -ch "$TARGET"/* | tail -n 1
