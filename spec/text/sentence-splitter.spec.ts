import { expect } from 'chai';
import { splitParagraph, splitParagraphs, joinParagraphs } from '../../lib/text/sentence-splitter.js';

describe('sentence splitter', () => {
  const cases: [string, string, string[]][] = [
    ['en', 'Hello there. How are you?', ['Hello there.', 'How are you?']],
    ['en', 'Mr. Smith paid 3.5 dollars. Then he left!', ['Mr. Smith paid 3.5 dollars.', 'Then he left!']],
    ['en', 'J. R. R. Tolkien wrote it. It sold well.', ['J. R. R. Tolkien wrote it.', 'It sold well.']],
    ['en', 'Wait... what? Yes... Go on.', ['Wait... what?', 'Yes...', 'Go on.']],
    ['en', 'He said, “Stop.” Then silence.', ['He said, “Stop.”', 'Then silence.']],
    ['en', 'It ended (finally.) Next one.', ['It ended (finally.)', 'Next one.']],
    ['en', 'See p. 5 and fig. 3 for details.', ['See p. 5 and fig. 3 for details.']],
    ['es', '¿Dónde estás? ¡Ven aquí! Sr. García llegó.', ['¿Dónde estás?', '¡Ven aquí!', 'Sr. García llegó.']],
    ['es', 'Lo dijo la Sra. Pérez. Y se fue.', ['Lo dijo la Sra. Pérez.', 'Y se fue.']],
    ['en', '', []],
    ['en', 'no terminator at all', ['no terminator at all']],
  ];
  for (const [language, text, expected] of cases) {
    it(`${language}: ${JSON.stringify(text)}`, () => {
      expect(splitParagraph(text, { language: language as 'en' | 'es' }).sentences).to.deep.equal(expected);
    });
  }

  it('takes extra abbreviations', () => {
    expect(splitParagraph('Ask Capt. Jones.', { abbreviations: [] }).sentences).to.have.length(1);
    expect(splitParagraph('See Gen. 1. Then Exod. 2.', { abbreviations: ['exod'] }).sentences).to.deep.equal([
      'See Gen. 1.',
      'Then Exod. 2.',
    ]);
  });

  it('split → join round-trips paragraphs exactly, including whitespace and empty paragraphs', () => {
    const paragraphs = ['  First one.  Second one!\tThird?  ', '', 'Solo', '¿Qué? ¡Sí!'];
    const { sentences, origins, paragraphs: splits } = splitParagraphs(paragraphs, { language: 'es' });
    expect(sentences).to.have.length(6);
    expect(origins[1]).to.deep.equal({ paragraph: 0, sentence: 1, whitespaceAfter: '\t' });
    expect(joinParagraphs(sentences, origins, splits)).to.deep.equal(paragraphs);
    const upper = joinParagraphs(
      sentences.map((s) => s.toUpperCase()),
      origins,
      splits,
    );
    expect(upper[0]).to.equal('  FIRST ONE.  SECOND ONE!\tTHIRD?  ');
  });
});
