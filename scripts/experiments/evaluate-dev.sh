#!/usr/bin/env bash
# Dev-set quality of a translation model with the project's own CLI: greedy, beam 5, beam 5 + LM shallow fusion,
# each scored by `s2s eval` (sacreBLEU-compatible BLEU and chrF with signatures).
#
#   scripts/experiments/evaluate-dev.sh MODEL.s2s LM.s2s [LM_WEIGHT] [DEV.tsv] [OUTDIR]
set -euo pipefail
model=$1; lm=$2; weight=${3:-0.3}; dev=${4:-fixtures/corpus/web-rv1909.dev.tsv}; out=${5:-$(mktemp -d)}
s2s="node $(dirname "$0")/../../bin/s2s.js"
mkdir -p "$out"
cut -f2 "$dev" | tail -n +2 > "$out/dev.en"
cut -f3 "$dev" | tail -n +2 > "$out/dev.es"
# greedy and beam run side by side (two cores); fusion after
$s2s translate --model "$model" --beam-size 1 < "$out/dev.en" > "$out/greedy.es" 2> "$out/greedy.log" &
$s2s translate --model "$model" --beam-size 5 < "$out/dev.en" > "$out/beam5.es" 2> "$out/beam5.log" &
wait
$s2s translate --model "$model" --beam-size 5 --lm "$lm" --lm-weight "$weight" < "$out/dev.en" > "$out/beam5-lm.es" 2> "$out/beam5-lm.log"
for run in greedy beam5 beam5-lm; do
  echo "== $run ($(tail -1 "$out/$run.log"))"
  $s2s eval --hyp "$out/$run.es" --ref "$out/dev.es"
done
echo "outputs in $out"
