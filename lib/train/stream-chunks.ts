/**
 * Batching of one continuous token stream for truncated BPTT (Zaremba et al., 2014; Mikolov's RNNLM).
 *
 * Documents become one stream `EOS s_1 EOS s_2 EOS … EOS s_1 EOS …` (a blank line in the text separates documents;
 * each line is a sentence). EOS is the only separator the model reads (as fairseq's language models do): it ends a
 * sentence and is the context the next one starts from, so every sentence start looks the same to the model. (A BOS
 * seen once per document stays untrained as an input; with tied embeddings its row is still pushed by every softmax,
 * and feeding it derailed the state of a trained model for the rest of the stream.) The stream is split into B contiguous rows of equal length; row b is read chunk by chunk,
 * T tokens at a time, with the state carried from chunk k to chunk k+1 of the same row. Positions whose input is a
 * document's first EOS are flagged `reset`: the model zeroes the state before reading them, so no state crosses a document
 * boundary. The position before a reset (a document's final EOS, whose "next token" is the next document's opening
 * EOS) predicts nothing (`valid = 0`): the model never learns p(EOS | EOS) across documents. The last chunk is padded
 * (`valid = 0`).
 *
 * @example
 * const documents = documentsFromLines(lines, (line) => tokenizer.encode(line)); // a blank line ends a document
 * const chunks = streamChunks(documents, 32, 35); // B = 32 streams, 35 steps per chunk
 */
import type { StreamChunk } from '../models/language-model.js';
import { EOS_ID, PAD_ID } from '../text/special-ids.js';
import { DataError, OptionError } from '../errors.js';

/** Splits lines into documents at blank lines; each document is the list of its sentences' ids. */
export function documentsFromLines(lines: readonly string[], encode: (line: string) => number[]): number[][][] {
  const documents: number[][][] = [];
  let current: number[][] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) documents.push(current);
      current = [];
    } else {
      current.push(encode(line));
    }
  }
  if (current.length > 0) documents.push(current);
  return documents;
}

/** Appends one document to the stream: EOS, then each sentence followed by EOS (no spread: documents can be huge). */
function appendDocument(stream: number[], sentences: readonly (readonly number[])[]): void {
  stream.push(EOS_ID);
  for (const sentence of sentences) {
    for (const id of sentence) stream.push(id);
    stream.push(EOS_ID);
  }
}

/**
 * @param documents per document, its sentences' ids
 * @param batch B parallel rows
 * @param steps T tokens per chunk
 * @returns the chunks in reading order (chunk k holds positions k·T … k·T+T−1 of every row)
 */
export function streamChunks(
  documents: readonly (readonly (readonly number[])[])[],
  batch: number,
  steps: number,
): StreamChunk[] {
  for (const [name, value] of [
    ['batch (--batch)', batch],
    ['chunk length (--bptt)', steps],
  ] as const) {
    if (!Number.isInteger(value) || value < 1)
      throw new OptionError(
        'E_OPTION_INVALID',
        `language model data: ${name} must be a positive integer, got ${value}`,
        { value },
      );
  }
  const stream: number[] = [];
  const starts = new Set<number>();
  for (const doc of documents) {
    starts.add(stream.length);
    appendDocument(stream, doc);
  }
  if (stream.length < 2)
    throw new DataError('E_DATA_EMPTY', 'language model data: the text holds no tokens; give non-empty training text');
  const rowLength = Math.ceil((stream.length - 1) / batch); // predictions per row
  const chunkCount = Math.ceil(rowLength / steps);
  const chunks: StreamChunk[] = [];
  for (let k = 0; k < chunkCount; k++) {
    const size = batch * steps;
    const chunk: StreamChunk = {
      inputs: new Int32Array(size).fill(PAD_ID),
      targets: new Int32Array(size).fill(PAD_ID),
      valid: new Float32Array(size),
      reset: new Float32Array(size),
      batch,
      steps,
    };
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < steps; t++) {
        const offset = k * steps + t; // position within row b
        const i = b * rowLength + offset; // position in the stream
        if (offset >= rowLength || i + 1 >= stream.length || starts.has(i + 1)) continue; // padding, or across a document boundary
        const at = b * steps + t;
        chunk.inputs[at] = stream[i]!;
        chunk.targets[at] = stream[i + 1]!;
        chunk.valid[at] = 1;
        chunk.reset[at] = starts.has(i) ? 1 : 0;
      }
    }
    chunks.push(chunk);
  }
  return chunks;
}
