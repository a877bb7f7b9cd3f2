/**
 * Fuzzing the three input readers end to end (reader → translation pipeline → writer, as `s2s translate` runs them)
 * with random byte streams cut into random chunks: nothing throws, and every decodable record is answered exactly
 * once, in order — checked against references computed independently over the whole input at once.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { Packr, Unpackr, unpackMultiple } from 'msgpackr';
import { PassThrough, Readable } from 'node:stream';
import { translateStream, type Format } from '../../scripts/translate/stream.js';
import { TranslationProgress } from '../../pipelines/formats/progress.js';
import { longLineSplitter } from '../../pipelines/long-line-splitter.js';
import { charTokenizer, ReverseTranslator } from '../pipelines/fakes.js';

/** Runs `bytes`, delivered in chunks cut at `cuts`, through the reader/pipeline/writer of `format`. */
async function run(format: Format, bytes: Uint8Array, cuts: number[]): Promise<{ output: Buffer; damaged: boolean }> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...points, bytes.length]
    .slice(1)
    .map((end, i, ends) => Buffer.from(bytes.subarray(i === 0 ? 0 : ends[i - 1], end)));
  const output = new PassThrough();
  const collected: Buffer[] = [];
  output.on('data', (c: Buffer) => collected.push(c));
  const deps = { translator: new ReverseTranslator(), sourceTokenizer: charTokenizer, targetTokenizer: charTokenizer };
  const settings = {
    format,
    hardAlignment: false,
    progress: new TranslationProgress({ sink: { line: () => undefined } }),
    stderr: { write: () => undefined },
    pipeline: {
      batch: { maxWait: 1, maxSentences: 8 },
      maxInFlight: 16,
      splitter: longLineSplitter((t) => charTokenizer.encode(t).length, 128),
    },
  } satisfies Parameters<typeof translateStream>[3];
  const { damaged } = await translateStream(
    Readable.from(chunks.filter((c) => c.length > 0)),
    output,
    deps,
    settings,
    true,
    { input: 'fuzz', output: 'fuzz' },
  );
  return { output: Buffer.concat(collected), damaged };
}

/** Reference line count: LF, CRLF and lone CR end lines; a final unterminated non-empty line counts. */
function countLines(bytes: Uint8Array): number {
  let lines = 0;
  let open = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a || bytes[i] === 0x0d) {
      lines++;
      open = false;
      if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) i++;
    } else open = true;
  }
  return lines + (open ? 1 : 0);
}

const reverse = (text: string): string => [...text.trim()].reverse().join('');
const cutsArb = fc.array(fc.nat(), { maxLength: 12 });
const printable = fc.string({ unit: fc.constantFrom(...'abcdefghij XYZ.,'.split('')), maxLength: 30 });

describe('reader fuzzing (fast-check): random byte streams, random chunking', function () {
  this.timeout(120_000);

  it('text: one output line per input line (LF / CRLF / CR), the same output for every chunking', async () => {
    const byteArb = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc
        .array(fc.constantFrom(0x0a, 0x0d, 0x61, 0xc3, 0xa9, 0xff, 0x00, 0x20), { maxLength: 200 })
        .map((a) => Uint8Array.from(a)),
    );
    await fc.assert(
      fc.asyncProperty(byteArb, cutsArb, async (bytes, cuts) => {
        const whole = await run('text', bytes, []);
        const chunked = await run('text', bytes, cuts);
        const lines = whole.output.toString().split('\n');
        expect(lines.pop()).to.equal('');
        expect(lines).to.have.length(countLines(bytes));
        expect(chunked.output.equals(whole.output)).to.equal(true);
      }),
      { numRuns: 120 },
    );
  });

  it('jsonl: one record per line with its line number; valid records keep their id exactly and are translated', async () => {
    const idArb = fc.oneof(
      fc.integer(),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      fc.string({ maxLength: 6 }),
      fc.constant(null),
    );
    const recordLine = fc.record({ id: idArb, text: printable }).map(({ id, text }) => ({
      line: `{"id":${typeof id === 'bigint' ? id.toString() : JSON.stringify(id)},"text":${JSON.stringify(text)}}`,
      id,
      text,
    }));
    const junkLine = fc
      .oneof(fc.string({ maxLength: 20 }), fc.json({ maxDepth: 3 }))
      .map((line) => ({ line: line.replace(/[\r\n\u2028\u2029]/g, ' '), id: undefined, text: undefined }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(recordLine, junkLine), { maxLength: 25 }), cutsArb, async (items, cuts) => {
        const bytes = Buffer.from(items.map((i) => `${i.line}\n`).join(''));
        const { output } = await run('jsonl', bytes, cuts);
        const out = output.toString().split('\n').slice(0, -1);
        expect(out).to.have.length(items.length);
        out.forEach((line, k) => {
          const record = JSON.parse(line) as { line: number; translation?: string };
          expect(record.line).to.equal(k + 1);
          const item = items[k]!;
          if (item.text === undefined) return;
          const expectedId =
            item.id === null
              ? 'null'
              : typeof item.id === 'bigint'
                ? Number.isSafeInteger(Number(item.id))
                  ? String(Number(item.id))
                  : item.id.toString()
                : JSON.stringify(item.id);
          expect(line.startsWith(`{"id":${expectedId},`), `${line} vs ${item.line}`).to.equal(true);
          expect(record.translation).to.equal(reverse(item.text));
        });
      }),
      { numRuns: 120 },
    );
  });

  it('msgpack: every value before the first undecodable byte answered once, in order; damage gives exactly one more record', async () => {
    const packr = new Packr({ useRecords: false });
    const reference = new Unpackr({
      useRecords: false,
      mapsAsObjects: true,
      int64AsType: 'auto',
    } as unknown as ConstructorParameters<typeof Unpackr>[0]);
    const valueArb = fc.oneof(
      fc.record({ id: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), text: printable }),
      fc.record({ text: printable }),
      fc.anything({ maxDepth: 2 }),
    );
    const streamArb = fc.oneof(
      fc
        .tuple(fc.array(valueArb, { maxLength: 12 }), fc.uint8Array({ maxLength: 12 }))
        .map(([values, tail]) => Buffer.concat([...values.map((v) => packr.pack(v)), tail])),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(streamArb, cutsArb, async (bytes, cuts) => {
        // reference: decode the whole buffer at once, stop at the first error
        const values: unknown[] = [];
        let damagedAt: number | undefined;
        let end = 0;
        try {
          if (bytes.length > 0)
            reference.unpackMultiple(
              bytes,
              (v: unknown, _s?: number, e?: number) => void (values.push(v), (end = e ?? bytes.length)),
            );
        } catch {
          damagedAt = end;
        }
        const { output, damaged } = await run('msgpack', bytes, cuts);
        const records = (output.length === 0 ? [] : unpackMultiple(output)) as {
          line: number;
          translation?: string;
          error?: { code: string };
        }[];
        expect(records).to.have.length(values.length + (damagedAt === undefined ? 0 : 1));
        expect(damaged).to.equal(damagedAt !== undefined);
        records.forEach((r, k) => expect(r.line).to.equal(k + 1));
        values.forEach((v, k) => {
          const text =
            typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as { text?: unknown }).text : undefined;
          if (typeof text === 'string') expect(records[k]!.translation).to.equal(reverse(text));
          else expect(records[k]!.error?.code).to.equal('E_INPUT_INVALID');
        });
      }),
      { numRuns: 150 },
    );
  });
});
