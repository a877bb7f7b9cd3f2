/**
 * The `--[no-]progress` option of the commands that show `s2s translate`'s live progress line (score, lm score), and
 * the sink it selects: a live status on a terminal (`StatusLine`), plain lines elsewhere or with `--no-progress`;
 * `--quiet` (logStream) silences both, the summary included.
 */
import type { OptionsSpec } from '../cli/args.js';
import { logStream, type CliIO } from '../cli/command.js';
import { lineSink, type ProgressSink } from '../../lib/util/progress-sink.js';
import { StatusLine } from '../terminal/status-line.js';

export const PROGRESS_OPTION = {
  progress: {
    type: 'boolean',
    default: true,
    description: 'progress line on stderr when it is a terminal (--no-progress to hide)',
  },
} as const satisfies OptionsSpec;

/** Where a command's progress goes: a live line only when `show` and the log stream is a terminal. */
export function progressSink(io: CliIO, show: boolean): ProgressSink {
  return show ? StatusLine.for(logStream(io)) : lineSink(logStream(io));
}
