#!/usr/bin/env bash
# Regenerates docs/ops.md from the built-in plugin's registrations (build/release must be built).
set -euo pipefail
cd "$(dirname "$0")/.."
{ cat tools/ops_doc_header.md
  build/release/bin/plinth plugins --no-default-plugins \
    --plugin build/release/lib/plinth/plugins/libplinth_builtin_ops.so --markdown
} > docs/ops.md
echo "wrote docs/ops.md"
