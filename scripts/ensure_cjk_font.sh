#!/usr/bin/env bash
# The 会员证书 PDF embeds Noto Sans CJK (settings.CERTIFICATE_FONT); install Debian's
# fonts-noto-cjk when the font file is missing.
set -euo pipefail
FONT=${CERTIFICATE_FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
if [ -f "$FONT" ]; then exit 0; fi
echo "CJK font not found at $FONT; installing Debian's fonts-noto-cjk…"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null
[ -f "$FONT" ] || { echo "ERROR: the CJK font is still missing at $FONT" >&2; exit 1; }
