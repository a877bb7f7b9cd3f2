/** Every `s2s` command, in the order `s2s --help` lists them (the main job first). Add one line per new command. */
import type { Command } from '../cli/command.js';
import type { OptionsSpec } from '../cli/args.js';
import { backendsCommand } from './backends.js';
import { demoCommand } from './demo.js';
import { translateCommand } from './translate.js';
import { evalCommand } from './eval.js';
import { checkpointInfoCommand } from './checkpoint-info.js';
import { gradcheckCommand } from './gradcheck.js';
import { dataSynthCommand } from './data-synth.js';
import { trainCommand } from './train.js';
import { lmTrainCommand } from './lm-train.js';
import { lmScoreCommand } from './lm-score.js';
import { lmGenerateCommand } from './lm-generate.js';
import { scoreCommand } from './score.js';
import { tokenizerTrainCommand } from './tokenizer-train.js';
import { tokenizerEncodeCommand } from './tokenizer-encode.js';
import { tokenizerDecodeCommand } from './tokenizer-decode.js';
import { webBuildCommand } from './web-build.js';

export const COMMANDS: readonly Command<OptionsSpec>[] = [
  translateCommand,
  demoCommand,
  scoreCommand,
  trainCommand,
  evalCommand,
  lmTrainCommand,
  lmScoreCommand,
  lmGenerateCommand,
  tokenizerTrainCommand,
  tokenizerEncodeCommand,
  tokenizerDecodeCommand,
  dataSynthCommand,
  checkpointInfoCommand,
  gradcheckCommand,
  backendsCommand,
  webBuildCommand,
] as unknown as readonly Command<OptionsSpec>[];
