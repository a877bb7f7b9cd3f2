/**
 * Validation of the streaming pipeline's numbers (`--max-tokens`, `--max-sentences`, `--max-wait`, `--concurrency`,
 * `--max-in-flight`, `--max-source-tokens`, `--redis-timeout`): each an integer (ms for `--max-wait`) inside bounds, checked before
 * anything is loaded, as a usage error naming the flag. 0 or negative values would stall or drop the stream; the
 * upper bounds keep memory bounded (each in-flight line, batch row and beam hypothesis costs memory).
 */
import { checkBounded, MAX_TIMER_MS, type Bounds } from '../../lib/util/bounds.js';
import { OptionError } from '../../lib/errors.js';

/** Bounds per flag. */
export const PIPELINE_BOUNDS = {
  'max-tokens': { min: 1, max: 1 << 20, reason: 'padded source tokens of one batch' },
  'max-sentences': { min: 1, max: 4096, reason: 'sentences of one batch' },
  'max-wait': { min: 0, max: 3_600_000, integer: false, reason: 'milliseconds' },
  concurrency: { min: 1, max: 64, reason: 'batches decoded at once' },
  'max-in-flight': { min: 1, max: 1 << 16, reason: 'lines held between input and output' },
  'max-source-tokens': { min: 1, max: 10_000, reason: 'tokens of one translated piece' },
  'redis-timeout': { min: 1, max: MAX_TIMER_MS, reason: 'milliseconds without an answer from the workers' },
} as const satisfies Record<string, Bounds>;

/**
 * Most decoder rows of one step, batch sentences × beam size: each row scores the whole vocabulary, so K × B × V
 * floats are alive at once (16,384 rows × 32,000 tokens × 4 bytes ≈ 2 GB).
 */
export const MAX_DECODER_ROWS = 16_384;

export type PipelineFlag = keyof typeof PIPELINE_BOUNDS;

/**
 * Checks the pipeline flags present in `values` and the batch × beam product.
 * @throws OptionError E_OPTION_INVALID naming the flag, its range and the value found.
 */
export function checkPipelineOptions(values: Partial<Record<PipelineFlag, number | undefined>>, beamSize = 1): void {
  for (const [flag, bounds] of Object.entries(PIPELINE_BOUNDS) as [PipelineFlag, Bounds][]) {
    if (values[flag] !== undefined) checkBounded(`--${flag}`, values[flag], bounds);
  }
  const sentences = values['max-sentences'];
  if (sentences !== undefined && sentences * beamSize > MAX_DECODER_ROWS) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `--max-sentences ${sentences} × --beam-size ${beamSize} = ${sentences * beamSize} decoder rows per step, over the limit of ${MAX_DECODER_ROWS} (memory grows with it): lower --max-sentences to at most ${Math.floor(MAX_DECODER_ROWS / beamSize)}`,
      { option: '--max-sentences', value: sentences },
    );
  }
}
