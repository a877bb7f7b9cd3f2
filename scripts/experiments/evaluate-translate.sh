#!/usr/bin/env bash
# Dev-set BLEU/chrF of one `s2s translate` configuration (any models and options: an ensemble, an averaged checkpoint,
# greedy or beam), scored by `s2s eval` with its sacreBLEU signatures. Writes OUTDIR/LABEL.es and OUTDIR/LABEL.log.
#
#   scripts/experiments/evaluate-translate.sh DEV.tsv OUTDIR LABEL TRANSLATE-ARGS…
#   e.g. … ../shared/data/bible/web-rv1909.dev.tsv out ens -m fixtures/models/en-es.s2s -m runs/x/avg.s2s
set -euo pipefail
dev=$1; out=$2; label=$3; shift 3
s2s="node $(dirname "$0")/../../bin/s2s.js"
mkdir -p "$out"
cut -f2 "$dev" | tail -n +2 > "$out/dev.en"
cut -f3 "$dev" | tail -n +2 > "$out/dev.es"
start=$(date +%s)
$s2s translate "$@" < "$out/dev.en" > "$out/$label.es" 2> "$out/$label.log"
echo "== $label: s2s translate $* ($(( $(date +%s) - start )) s wall)"
$s2s eval --hyp "$out/$label.es" --ref "$out/dev.es"
