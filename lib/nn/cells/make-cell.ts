/** Builds a cell of the configured kind. */
import type { ParamStore } from '../params.js';
import type { CellKind, CellOptions, RecurrentCell } from './cell.js';
import { RnnCell } from './rnn-cell.js';
import { LstmCell } from './lstm-cell.js';
import { GruCell } from './gru-cell.js';

export function makeCell(
  kind: CellKind,
  name: string,
  store: ParamStore,
  inputSize: number,
  hiddenSize: number,
  options: CellOptions = {},
): RecurrentCell {
  switch (kind) {
    case 'rnn':
      return new RnnCell(name, store, inputSize, hiddenSize, options);
    case 'lstm':
      return new LstmCell(name, store, inputSize, hiddenSize, options);
    case 'gru':
      return new GruCell(name, store, inputSize, hiddenSize, options);
  }
}
