/**
 * An attention heatmap as a standalone SVG document: source pieces along the top, target pieces down the left, one
 * square per (target, source) pair whose darkness is the weight α_ij ∈ [0, 1]. Pure function, no dependencies;
 * `s2s translate --attention-svg DIR` writes one per sentence.
 *
 * @example
 * const svg = attentionSvg({ source: ['▁God', '▁saw'], target: ['▁Dios', '▁vio', '</s>'], attention: [[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]] });
 * await writeFile('line-1.svg', svg);
 */

export interface AttentionPicture {
  /** Source pieces, one per column (S). */
  source: readonly string[];
  /** Target pieces, one per row (T); usually ends with `</s>` for the eos step. */
  target: readonly string[];
  /** Weights [T][S]. */
  attention: readonly (readonly number[])[];
}

/** Side of one cell, in px. */
const CELL = 24;
/** Approximate advance of one label character at FONT_SIZE, in px, to size the margins. */
const CHAR_WIDTH = 7;
const FONT_SIZE = 12;
/** Space between labels and the grid, in px. */
const GAP = 6;
/** Colour of a cell with weight 1 (weights set its opacity). */
const INK = '#08306b';
/** Digits of the weights in the tooltips. */
const WEIGHT_DIGITS = 3;

/** Escapes the five XML special characters so pieces such as `<unk>` or `&` show as text. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** The SVG document (a string) for one sentence's attention. */
export function attentionSvg({ source, target, attention }: AttentionPicture): string {
  const longest = (labels: readonly string[]): number => Math.max(0, ...labels.map((l) => [...l].length));
  const left = longest(target) * CHAR_WIDTH + GAP;
  const top = longest(source) * CHAR_WIDTH + GAP;
  const width = left + source.length * CELL + GAP;
  const height = top + target.length * CELL + GAP;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="${FONT_SIZE}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  source.forEach((piece, j) => {
    const x = left + j * CELL + CELL / 2;
    parts.push(
      `<text transform="translate(${x},${top - GAP}) rotate(-90)" dominant-baseline="middle">${escapeXml(piece)}</text>`,
    );
  });
  target.forEach((piece, i) => {
    const y = top + i * CELL + CELL / 2;
    parts.push(
      `<text x="${left - GAP}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(piece)}</text>`,
    );
    source.forEach((sourcePiece, j) => {
      const weight = Math.min(1, Math.max(0, attention[i]?.[j] ?? 0));
      const title = `${escapeXml(piece)} → ${escapeXml(sourcePiece)}: ${weight.toFixed(WEIGHT_DIGITS)}`;
      parts.push(
        `<rect x="${left + j * CELL}" y="${top + i * CELL}" width="${CELL}" height="${CELL}" fill="${INK}" fill-opacity="${weight.toFixed(WEIGHT_DIGITS)}" stroke="#dddddd"><title>${title}</title></rect>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}
