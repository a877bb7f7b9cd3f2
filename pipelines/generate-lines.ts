/**
 * The LM generation composite: each input line is a prompt (empty = unconditional); one `LineResult<GeneratedText>`
 * per line out, in order.
 *
 * @example
 * from(['Once upon a time', '']).pipe(generateLines(generator, tokenizer))
 *
 * @param generator A `LineGenerator` or a step `(prompts) => ObservableInput<Generation[]>`.
 * @param tokenizer The LM's tokenizer (both for prompts and output).
 * @param options Pipeline options (see `PipelineOptions`).
 */
import type { OperatorFunction } from 'rxjs';
import type { Tokenizer } from '../lib/text/tokenizer.js';
import type { GeneratedText, Generation, LineGenerator } from './lm.js';
import { modelPipeline, type PipelineOptions } from './model-pipeline.js';
import type { BatchStep } from './translate-batches.js';
import type { LineInput, LineResult } from './types.js';

export function generateLines(
  generator: LineGenerator | BatchStep<readonly number[], Generation>,
  tokenizer: Pick<Tokenizer, 'encode' | 'decode'>,
  options: PipelineOptions = {},
): OperatorFunction<LineInput, LineResult<GeneratedText>> {
  return modelPipeline<Generation, GeneratedText, GeneratedText>({
    ...options,
    step: typeof generator === 'function' ? generator : (prompts) => generator.generateBatch(prompts),
    tokenizer,
    errorCode: 'E_GENERATE_FAILED',
    finish: (g) => ({ text: tokenizer.decode(g.tokens), tokens: g.tokens.length, logProb: g.logProb }),
    combine: (values, joiners) => ({
      text: values.map((v, i) => (joiners[i] ?? '') + v.text).join(''),
      tokens: values.reduce((s, v) => s + v.tokens, 0),
      logProb: values.reduce((s, v) => s + v.logProb, 0),
    }),
  });
}
