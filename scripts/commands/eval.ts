/**
 * `s2s eval`: BLEU and chrF of a hypothesis file against one or more reference files, sacreBLEU-compatible
 * (13a tokenisation, `exp` smoothing, chrF2 defaults), printed as sacreBLEU prints them, with signatures.
 */
import { defineCommand } from '../cli/command.js';
import { evalMeta } from './eval.meta.js';
import { corpusBleu, formatBleu, formatBleuDetails, type BleuScore } from '../../lib/eval/bleu.js';
import { corpusChrf, formatChrf, type ChrfScore } from '../../lib/eval/chrf.js';
import { formatFixed } from '../../lib/eval/format.js';
import { DataError, OptionError } from '../../lib/errors.js';
import { readBoundedStream } from '../../lib/io/index.js';
import { stripBom } from '../../lib/text/line-reader.js';

/** The largest hypothesis or reference file `s2s eval` reads (its lines are held in memory). */
export const EVAL_MAX_FILE_BYTES = 256 * 2 ** 20;

const METRICS = ['bleu', 'chrf'] as const;
type Metric = (typeof METRICS)[number];

/**
 * The lines of a text file, without their `\n` / `\r\n`; a final newline does not start another line. A UTF-8 byte
 * order mark at the start is an encoding mark, not text (as for every other reader here, lib/text/line-reader.ts):
 * kept, it would be part of the first segment's first word and cost that segment its matches.
 */
async function readLines(path: string, role: string): Promise<string[]> {
  const bytes = await readBoundedStream(path, { maxBytes: EVAL_MAX_FILE_BYTES, what: `the ${role} file` });
  const lines = new TextDecoder()
    .decode(stripBom(bytes))
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Parses `--metrics bleu,chrf`. */
export function parseMetrics(raw: string): Metric[] {
  const names = raw
    .split(',')
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
  const bad = names.filter((m) => !(METRICS as readonly string[]).includes(m));
  if (bad.length > 0 || names.length === 0) {
    throw new OptionError(
      'E_OPTION_INVALID',
      `option --metrics must list some of ${METRICS.join(', ')}, got '${raw}'`,
      { option: 'metrics', value: raw },
    );
  }
  return [...new Set(names)] as Metric[];
}

/** A metric result as sacreBLEU's JSON output shapes it, plus the full-precision details. */
function toJson(result: BleuScore | ChrfScore, verbose: string | undefined): Record<string, unknown> {
  const { name, signature, score, ...details } = result;
  return {
    name,
    score: Number(formatFixed(score, 2)),
    signature,
    ...(verbose ? { verbose_score: verbose } : {}),
    details: { score, ...details },
  };
}

export const evalCommand = defineCommand({
  ...evalMeta,
  async run(args, io) {
    const { hyp, ref, lowercase, json } = args.options;
    if (ref.length === 0)
      throw new OptionError(
        'E_OPTION_MISSING',
        'option --ref is required (reference file; repeat for several references)',
        { option: 'ref' },
      );
    const metrics = parseMetrics(args.options.metrics);
    const hypotheses = await readLines(hyp, 'hypothesis');
    const references: string[][] = [];
    for (const path of ref) {
      const lines = await readLines(path, 'reference');
      if (lines.length !== hypotheses.length) {
        throw new DataError(
          'E_LINE_COUNT',
          `line counts differ: ${hyp} has ${hypotheses.length} lines, ${path} has ${lines.length}; give files with one reference line per hypothesis line`,
          {
            hypLines: hypotheses.length,
            refLines: lines.length,
            path,
          },
        );
      }
      references.push(lines);
    }
    const results: Record<string, unknown>[] = [];
    for (const metric of metrics) {
      if (metric === 'bleu') {
        const s = corpusBleu(hypotheses, references, { lowercase });
        if (json) results.push(toJson(s, formatBleuDetails(s)));
        else io.stdout.write(`${formatBleu(s)}\n  signature: ${s.signature}\n`);
      } else {
        const s = corpusChrf(hypotheses, references, { lowercase });
        if (json) results.push(toJson(s, undefined));
        else io.stdout.write(`${formatChrf(s)}\n  signature: ${s.signature}\n`);
      }
    }
    if (json) io.stdout.write(`${JSON.stringify(results, null, 1)}\n`);
    return 0;
  },
});
