/**
 * Every `s2s` command, in the order `s2s --help` lists them (the main job first).
 *
 * Commands are loaded lazily: this table imports only each command's *meta* (path, summary, usage, options — plain
 * data in `<name>.meta.ts`), so `s2s --help` and `s2s <command> --help` load no TensorFlow.js and no model code; a
 * command's module (`<name>.ts`, with `run`) is imported only when that command runs.
 *
 * Adding a command `s2s foo bar`:
 *   1. `foo-bar.meta.ts` — only light imports (types, option tables, constants from modules that import no tfjs):
 *        export const fooBarMeta = defineCommandMeta({ path: ['foo', 'bar'], summary: '…', usage: '--in FILE',
 *          options: { in: { type: 'string', required: true, placeholder: 'FILE', description: '…' } },
 *          tensors: true });            // tensors: it computes with tfjs, so its help shows --backend
 *   2. `foo-bar.ts` — the run code, free to import anything:
 *        export const fooBarCommand = defineCommand({ ...fooBarMeta, async run({ options, positionals }, io) { … } });
 *   3. one line below:
 *        lazyCommand(fooBarMeta, async () => (await import('./foo-bar.js')).fooBarCommand),
 *
 * The older, eager form — `import { fooBarCommand } from './foo-bar.js'` and `fooBarCommand` in the list — still
 * works (the table accepts both), but it loads the command's whole module graph on every `s2s` start, --help included.
 * To convert one: move `path`…`options` out of its `defineCommand({…})` into a `.meta.ts` as in step 1, spread the meta
 * back in (`defineCommand({ ...fooBarMeta, run })`), and replace the eager entry with its `lazyCommand(…)` line.
 * spec/scripts/lazy-commands.spec.ts checks that `--help` loads no tfjs.
 */
import { lazyCommand, type CommandEntry } from '../cli/command.js';
import { translateMeta } from './translate.meta.js';
import { demoMeta } from './demo.meta.js';
import { scoreMeta } from './score.meta.js';
import { trainMeta } from './train.meta.js';
import { evalMeta } from './eval.meta.js';
import { lmTrainMeta } from './lm-train.meta.js';
import { lmScoreMeta } from './lm-score.meta.js';
import { lmGenerateMeta } from './lm-generate.meta.js';
import { tokenizerTrainMeta } from './tokenizer-train.meta.js';
import { tokenizerEncodeMeta } from './tokenizer-encode.meta.js';
import { tokenizerDecodeMeta } from './tokenizer-decode.meta.js';
import { dataSynthMeta } from './data-synth.meta.js';
import { checkpointInfoMeta } from './checkpoint-info.meta.js';
import { checkpointSetLangMeta } from './checkpoint-set-lang.meta.js';
import { averageMeta } from './average.meta.js';
import { ensembleMeta } from './ensemble.meta.js';
import { serveMeta } from './serve.meta.js';
import { workerMeta } from './worker.meta.js';
import { gradcheckMeta } from './gradcheck.meta.js';
import { exportMeta } from './export.meta.js';
import { webBuildMeta } from './web-build.meta.js';
import { backendsMeta } from './backends.meta.js';

export const COMMANDS: readonly CommandEntry[] = [
  lazyCommand(translateMeta, async () => (await import('./translate.js')).translateCommand),
  lazyCommand(serveMeta, async () => (await import('./serve.js')).serveCommand),
  lazyCommand(workerMeta, async () => (await import('./worker.js')).workerCommand),
  lazyCommand(demoMeta, async () => (await import('./demo.js')).demoCommand),
  lazyCommand(scoreMeta, async () => (await import('./score.js')).scoreCommand),
  lazyCommand(trainMeta, async () => (await import('./train.js')).trainCommand),
  lazyCommand(evalMeta, async () => (await import('./eval.js')).evalCommand),
  lazyCommand(lmTrainMeta, async () => (await import('./lm-train.js')).lmTrainCommand),
  lazyCommand(lmScoreMeta, async () => (await import('./lm-score.js')).lmScoreCommand),
  lazyCommand(lmGenerateMeta, async () => (await import('./lm-generate.js')).lmGenerateCommand),
  lazyCommand(tokenizerTrainMeta, async () => (await import('./tokenizer-train.js')).tokenizerTrainCommand),
  lazyCommand(tokenizerEncodeMeta, async () => (await import('./tokenizer-encode.js')).tokenizerEncodeCommand),
  lazyCommand(tokenizerDecodeMeta, async () => (await import('./tokenizer-decode.js')).tokenizerDecodeCommand),
  lazyCommand(dataSynthMeta, async () => (await import('./data-synth.js')).dataSynthCommand),
  lazyCommand(checkpointInfoMeta, async () => (await import('./checkpoint-info.js')).checkpointInfoCommand),
  lazyCommand(checkpointSetLangMeta, async () => (await import('./checkpoint-set-lang.js')).checkpointSetLangCommand),
  lazyCommand(averageMeta, async () => (await import('./average.js')).averageCommand),
  lazyCommand(ensembleMeta, async () => (await import('./ensemble.js')).ensembleCommand),
  lazyCommand(exportMeta, async () => (await import('./export.js')).exportCommand),
  lazyCommand(webBuildMeta, async () => (await import('./web-build.js')).webBuildCommand),
  lazyCommand(gradcheckMeta, async () => (await import('./gradcheck.js')).gradcheckCommand),
  lazyCommand(backendsMeta, async () => (await import('./backends.js')).backendsCommand),
];
