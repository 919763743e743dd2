#!/bin/sh
# Builds the seed corpus of every fuzz target in OUT (default .fuzz/seeds) from the sample repo
# (content/) and the hand-written seeds in Fuzz/seeds/. Run from the repository root; the
# folder is rebuilt from scratch each time (libFuzzer's own finds go to .fuzz/corpus).
set -eu
REPO=${REPO:-content}
OUT=${1:-.fuzz/seeds}
HAND=Fuzz/seeds

rm -rf "$OUT"
for target in yaml markdown adr runbook ports tokenizer svg redaction; do mkdir -p "$OUT/$target"; done

# A repo path as a file name: docs/a/b.md → docs_a_b.md
flat() { printf '%s' "$1" | tr '/' '_'; }

# (1) YAML: every manifest and values file.
find "$REPO" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort | while read -r f; do
    cp "$f" "$OUT/yaml/$(flat "${f#$REPO/}")"
done
# (2) Markdown: every document.
find "$REPO" -type f -name '*.md' | sort | while read -r f; do
    cp "$f" "$OUT/markdown/$(flat "${f#$REPO/}")"
done
# (3) ADRs.
find "$REPO/docs/architecture/decisions" -type f -name '*.md' | sort | while read -r f; do
    cp "$f" "$OUT/adr/$(basename "$f")"
done
# (4) Runbooks, each behind a runbook_url line: the URLs the sample's alerts use, in turn.
urls=$(mktemp)
grep -rh 'runbook_url:' "$REPO" --include='*.yaml' | sed 's/.*runbook_url: *//; s/^["'\'']//; s/["'\'']$//' | sort -u > "$urls"
[ -s "$urls" ] || echo 'https://docs.lab.example.com/alerts/{{ $labels.alertname }}/' > "$urls"
count=$(wc -l < "$urls")
n=0
find "$REPO/docs/operations/runbooks" -type f -name '*.md' | sort | while read -r f; do
    n=$((n + 1))
    url=$(sed -n "$(( (n - 1) % count + 1 ))p" "$urls")
    { printf '%s\n' "$url"; cat "$f"; } > "$OUT/runbook/$(basename "$f")"
done
rm -f "$urls"
# (5) Ports: the registry, and every document with a pipe table.
find "$REPO" -type f -name '*.md' | sort | while read -r f; do
    if grep -q '^ *|' "$f"; then cp "$f" "$OUT/ports/$(flat "${f#$REPO/}")"; fi
done
# (6) Tokenizer: a few documents (page text) besides the hand-written seeds.
for f in "$REPO/docs/reference/port-registry.md" "$REPO/docs/operations/runbooks/node-failure.md" \
         "$REPO/docs/architecture/decisions/ADR-014-drone-ci.md"; do
    [ -f "$f" ] && cp "$f" "$OUT/tokenizer/$(basename "$f")"
done
# (7) SVG: the repo's .svg files, the inline SVG of the golden fixture site (Graphviz output),
# and .dot sources (the sanitizer sees text around the svg element too).
find "$REPO" -type f \( -name '*.svg' -o -name '*.dot' -o -name '*.gv' \) | sort | while read -r f; do
    cp "$f" "$OUT/svg/$(flat "${f#$REPO/}")"
done
i=0
for f in $(grep -rl '<svg' Tests/AlmanacTests/Fixtures/mini-site 2>/dev/null | sort); do
    i=$((i + 1))
    sed -n '/<svg/,/<\/svg>/p' "$f" > "$OUT/svg/mini-site-$i.svg"
done
# (8) Redaction: the first byte says how the rest is published (0 data, 1 Markdown, 2 YAML).
for f in $(grep -rlE -i 'password|secret|token|apikey|api_key|BEGIN .*PRIVATE' "$REPO" --include='*.yaml' | sort | head -40); do
    { printf '\002'; cat "$f"; } > "$OUT/redaction/yaml-$(flat "${f#$REPO/}")"
done
for f in $(grep -rlE -i 'password|secret|token' "$REPO" --include='*.md' | sort | head -20); do
    { printf '\001'; cat "$f"; } > "$OUT/redaction/md-$(flat "${f#$REPO/}")"
done
for f in $(find "$REPO" -maxdepth 1 -type f -name 'almanac.yaml'; find "$REPO" -type f \( -name '*.dot' -o -name '*.conf' -o -name '*.toml' \) | sort); do
    { printf '\000'; cat "$f"; } > "$OUT/redaction/data-$(flat "${f#$REPO/}")"
done

# The hand-written seeds.
for target in "$HAND"/*/; do
    target=$(basename "$target")
    cp "$HAND/$target"/* "$OUT/$target/"
done
for target in "$OUT"/*/; do
    printf '%-10s %4d seeds\n' "$(basename "$target")" "$(ls "$target" | wc -l)"
done
