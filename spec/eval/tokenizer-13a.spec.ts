/** The 13a tokenizer, case by case against its rules (expected outputs derived by hand from mteval-v13a's rules). */
import { expect } from 'chai';
import { tokenize13a } from '../../lib/eval/tokenizer-13a.js';

describe('eval/tokenizer-13a', () => {
  const table: Array<[string, string, string]> = [
    ['punctuation split off', 'Hello, world!', 'Hello , world !'],
    ['apostrophe and hyphen between letters kept', "It wasn't well-known.", "It wasn't well-known ."],
    ['numbers with separators stay whole', 'It costs $1,000.50 today.', 'It costs $ 1,000.50 today .'],
    ['period after digit and before space', 'In 1999. Then', 'In 1999 . Then'],
    ['dash after digit', '3-4 and a-b', '3 - 4 and a-b'],
    ['brackets and symbols', '(a) [b] {c} <d> x/y a=b @home #1', '( a ) [ b ] { c } < d > x / y a = b @ home # 1'],
    ['HTML entities unescaped, then split', '&quot;hi&quot; &amp; &lt;b&gt;', '" hi " & < b >'],
    ['<skipped> removed', 'a <skipped> b', 'a b'],
    ['hyphenated line break joined, newline is a space', 'hyph-\nen x\ny', 'hyphen x y'],
    ['whitespace runs collapse, ends trimmed', '  a \t b  ', 'a b'],
    ['Python whitespace: NBSP splits, BOM does not', 'a\u00a0b c\ufeffd', 'a b c\ufeffd'],
    ['non-ASCII letters untouched, punctuation next to them split', 'zahăr alb; ¿Qué?', 'zahăr alb ; ¿Qué ?'],
    ['empty line', '', ''],
  ];
  for (const [name, input, expected] of table) {
    it(name, () => expect(tokenize13a(input)).to.equal(expected));
  }
});
