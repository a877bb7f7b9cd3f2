/**
 * Training a `LanguageModel` by truncated BPTT over one token stream (see stream-chunks.ts): chunks are read in
 * stream order every epoch (order matters: the state is carried from chunk to chunk), the carried state is reset at
 * each epoch start, and dev evaluation reads the dev stream the same way without dropout. Dev metric: perplexity.
 *
 * Resuming mid-epoch restarts the carried state from zeros at the resumed chunk (the state is not checkpointed).
 *
 * @example
 * const chunks = streamChunks(documentsFromLines(lines, (l) => tokenizer.encode(l)), 32, 35);
 * await new Trainer(new LanguageModelTask(lm, chunks, devChunks), { kind: 'lm', outDir: 'runs/lm' }).train();
 */
import type { LanguageModel, LmState, StreamChunk } from '../models/language-model.js';
import { disposeLmState } from '../models/language-model.js';
import type { Rng } from '../util/random.js';
import type { BatchLoss, DevResult, TrainingTask } from './training-task.js';
import { perplexity } from '../eval/perplexity.js';

export class LanguageModelTask implements TrainingTask<StreamChunk> {
  readonly params;
  /** State carried into the next chunk (constant: no gradient flows back into the previous chunk). */
  private carried: LmState;
  /** The final state of the chunk whose loss was just computed; carried on after the optimizer step. */
  private pending?: LmState;

  constructor(
    readonly model: LanguageModel,
    private readonly train: readonly StreamChunk[],
    private readonly dev: readonly StreamChunk[],
  ) {
    this.params = model.params;
    this.carried = model.zeroState(train[0]?.batch ?? 1);
  }

  epochBatches(): StreamChunk[] {
    return [...this.train];
  }

  startEpoch(): void {
    disposeLmState(this.carried);
    this.carried = this.model.zeroState(this.train[0]?.batch ?? 1);
  }

  batchLoss(chunk: StreamChunk, rng: Rng): BatchLoss {
    const { loss, tokens, final } = this.model.chunkLoss(chunk, this.carried, rng);
    if (this.pending) disposeLmState(this.pending);
    this.pending = final;
    return { loss, tokens };
  }

  afterStep(): void {
    if (!this.pending) return;
    disposeLmState(this.carried);
    this.carried = this.pending;
    this.pending = undefined;
  }

  batchTokens(chunk: StreamChunk): number {
    return chunk.valid.reduce((n, v) => n + v, 0);
  }

  async evaluate(): Promise<DevResult> {
    let state = this.model.zeroState(this.dev[0]?.batch ?? 1);
    let total = 0;
    let tokens = 0;
    for (const chunk of this.dev) {
      const { loss, tokens: n, final } = this.model.chunkLoss(chunk, state);
      total += (await loss.data())[0]! * n;
      tokens += n;
      loss.dispose();
      disposeLmState(state);
      state = final;
    }
    disposeLmState(state);
    const mean = total / Math.max(tokens, 1);
    return { loss: mean, tokens, metrics: { ppl: perplexity(mean) } };
  }

  dispose(): void {
    disposeLmState(this.carried);
    if (this.pending) disposeLmState(this.pending);
  }
}
