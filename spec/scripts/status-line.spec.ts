/** The CLI's terminal status line: control codes on a terminal only, lines printed above a live status. */
import { expect } from 'chai';
import { StatusLine } from '../../scripts/terminal/status-line.js';

const ERASE = '\r\x1b[K';

describe('scripts/terminal/status-line', function () {
  it('on a terminal: redraws the status in place, prints lines above it and redraws it, clears it', function () {
    const out: string[] = [];
    const sink = StatusLine.for({ write: (s: string) => out.push(s), isTTY: true });
    sink.line('before any status');
    sink.status!('1/3');
    sink.status!('2/3');
    sink.line('a notice');
    sink.clearStatus!();
    sink.clearStatus!(); // nothing shown: writes nothing
    sink.line('summary');
    expect(out).to.deep.equal([
      'before any status\n',
      `${ERASE}1/3`,
      `${ERASE}2/3`,
      `${ERASE}a notice\n`,
      `${ERASE}2/3`,
      ERASE,
      'summary\n',
    ]);
  });

  it('elsewhere (a pipe, a file): lines only, no status and no control codes', function () {
    const out: string[] = [];
    const sink = StatusLine.for({ write: (s: string) => out.push(s) });
    expect(sink.status).to.equal(undefined);
    sink.line('a');
    sink.clearStatus?.();
    expect(out).to.deep.equal(['a\n']);
  });
});
