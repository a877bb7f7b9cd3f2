#!/usr/bin/env bash
# Dev-set BLEU/chrF of one `s2s translate` configuration (any models and options: an ensemble, an averaged checkpoint,
# greedy or beam), scored by `s2s eval` with its sacreBLEU signatures: on all lines, then on the odd lines (half A,
# to choose on) and the even ones (half B, to check the choice). Writes OUTDIR/LABEL.es and OUTDIR/LABEL.log.
#
#   scripts/experiments/evaluate-translate.sh DEV.tsv OUTDIR LABEL TRANSLATE-ARGS…
#   e.g. … fixtures/corpus/web-rv1909.dev.tsv out ens -m fixtures/models/en-es.s2s -m runs/x/avg.s2s
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
for half in A B; do
  keep=$([ $half = A ] && echo 'NR%2==1' || echo 'NR%2==0')
  awk "$keep" "$out/$label.es" > "$out/$label.$half.es"
  awk "$keep" "$out/dev.es" > "$out/dev.$half.es"
  echo "== $label, half $half ($keep)"
  $s2s eval --hyp "$out/$label.$half.es" --ref "$out/dev.$half.es"
done
