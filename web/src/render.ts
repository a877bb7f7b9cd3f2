/**
 * Drawing the page's output: the translation (one line per source line, each line focusable and selectable with the
 * mouse or Enter/Space, arrows move between lines) and the selected line's n-best list and attention heatmap.
 */
import { attentionSvg } from '../../lib/decode/attention-svg.js';
import type { LineTranslation } from './protocol.js';

/**
 * Replaces `output`'s content: its text is the translations joined by '\n', one per source line (a line not yet
 * translated is empty and drawn as a pending mark by CSS).
 */
export function renderTranslation(
  output: HTMLElement,
  shown: readonly (LineTranslation | undefined)[],
  selected: number | undefined,
  select: (index: number) => void,
): void {
  const nodes: Node[] = [];
  shown.forEach((line, index) => {
    if (index > 0) nodes.push(document.createTextNode('\n'));
    const span = document.createElement('span');
    span.className = line === undefined ? 'line pending' : line.error ? 'line failed' : 'line';
    span.textContent = line?.text ?? '';
    if (line?.error) span.title = line.error;
    span.dataset['index'] = String(index);
    span.tabIndex = 0;
    span.setAttribute('role', 'button');
    span.setAttribute('aria-pressed', String(index === selected));
    span.setAttribute(
      'aria-label',
      `line ${index + 1}: ${line === undefined ? 'translating' : line.error ? 'failed' : line.text || 'empty'}`,
    );
    span.addEventListener('click', () => select(index));
    span.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') select(index);
      else if (event.key === 'ArrowDown' && index + 1 < shown.length) select(index + 1);
      else if (event.key === 'ArrowUp' && index > 0) select(index - 1);
      else return;
      event.preventDefault();
    });
    nodes.push(span);
  });
  output.replaceChildren(...nodes);
}

/** The n-best list and the attention heatmap of the selected line. */
export function renderDetails(
  details: HTMLElement,
  selected: number | undefined,
  line: LineTranslation | undefined,
): void {
  const heading = document.createElement('h2');
  heading.textContent =
    selected === undefined ? 'Select a translated line to see its alternatives and attention' : `Line ${selected + 1}`;
  const parts: Node[] = [heading];
  if (line && !line.error) {
    const list = document.createElement('ol');
    list.className = 'nbest';
    list.setAttribute('aria-label', 'n-best translations');
    for (const entry of line.nbest) {
      const item = document.createElement('li');
      item.textContent = `${entry.text}  (score ${entry.score.toFixed(3)})`;
      list.append(item);
    }
    parts.push(list);
    const figure = document.createElement('figure');
    if (line.attention) {
      const picture = document.createElement('div');
      picture.className = 'heatmap';
      picture.innerHTML = attentionSvg({
        source: line.attention.source,
        target: line.attention.target,
        attention: line.attention.weights,
      });
      picture.querySelector('svg')?.setAttribute('role', 'img');
      picture
        .querySelector('svg')
        ?.setAttribute(
          'aria-label',
          'attention heatmap: source pieces across, target pieces down, darker = more attention',
        );
      const caption = document.createElement('figcaption');
      caption.textContent =
        'Attention α: each row is a target piece, each column a source piece; darker squares got more attention.';
      figure.append(picture, caption);
    } else {
      figure.textContent =
        'This line was translated in pieces (longer than 128 tokens), so it has no single attention map.';
    }
    parts.push(figure);
  }
  details.replaceChildren(...parts);
}
