/**
 * FLOP estimates per token for the reference model, with the formulas of `../shared/bench/torch_reference.py`
 * (a multiply-add counts 2): V vocabulary, E embedding, H_enc encoder units per direction, C = 2·H_enc memory width,
 * A attention width, H decoder width, S source length, T target length.
 *   decoder step:   2HA + 4SA + 2SC + 2(E+C+H)·4H + 2(H+H)·4H + 2HV
 *   encoder token:  2 · 2(E+H_enc)·4H_enc + 2CA     (both directions, plus the attention keys U_a h_j)
 *   greedy token:   decoder step + encoder token · S/T
 *   LM token:       2(E+H)·4H + 2(H+H)·4H + 2HV
 * Training counts forward + backward as 3× the forward; beam search K decoder rows per output token.
 */
export const REF = { V: 8000, E: 256, HENC: 256, C: 512, A: 512, H: 512, S: 30, T: 30 } as const;

export function decoderStepFlops(): number {
  const { V, E, C, A, H, S } = REF;
  return 2 * H * A + 4 * S * A + 2 * S * C + 2 * (E + C + H) * 4 * H + 2 * (H + H) * 4 * H + 2 * H * V;
}

export function encoderTokenFlops(): number {
  const { E, HENC, C, A } = REF;
  return 2 * (2 * (E + HENC) * 4 * HENC) + 2 * C * A;
}

export function greedyTokenFlops(): number {
  return decoderStepFlops() + (encoderTokenFlops() * REF.S) / REF.T;
}

export function beamTokenFlops(beam: number): number {
  return beam * decoderStepFlops() + (encoderTokenFlops() * REF.S) / REF.T;
}

export function trainTokenFlops(): number {
  return 3 * greedyTokenFlops();
}

export function lmTokenFlops(): number {
  const { V, E, H } = REF;
  return 2 * (E + H) * 4 * H + 2 * (H + H) * 4 * H + 2 * H * V;
}
