/**
 * The source text of one top-level member of a JSON object, for values `JSON.parse` cannot keep exactly (integers
 * beyond 2^53). Works on text that `JSON.parse` already accepted; like `JSON.parse`, the last duplicate key wins.
 *
 * @example
 * rawMember('{"id": 12345678901234567891, "text": "a"}', 'id') // '12345678901234567891'
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function skipWhitespace(json: string, i: number): number {
  while (i < json.length && WHITESPACE.has(json[i]!)) i++;
  return i;
}

/** Index after the string literal starting at `i` (a '"'). */
function endOfString(json: string, i: number): number {
  let j = i + 1;
  while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Index after the value starting at `i`. */
function endOfValue(json: string, i: number): number {
  const c = json[i];
  if (c === '"') return endOfString(json, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    let j = i;
    while (j < json.length) {
      const d = json[j]!;
      if (d === '"') {
        j = endOfString(json, j);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') depth--;
      j++;
      if (depth === 0) return j;
    }
    return j;
  }
  let j = i;
  while (j < json.length && !WHITESPACE.has(json[j]!) && json[j] !== ',' && json[j] !== '}' && json[j] !== ']') j++;
  return j;
}

/** The source text of the top-level member `key` of the JSON object `json`, or undefined (not an object, no such key). */
export function rawMember(json: string, key: string): string | undefined {
  let i = skipWhitespace(json, 0);
  if (json[i] !== '{') return undefined;
  let found: string | undefined;
  i = skipWhitespace(json, i + 1);
  while (i < json.length && json[i] === '"') {
    const keyEnd = endOfString(json, i);
    const name = JSON.parse(json.slice(i, keyEnd)) as string;
    const valueStart = skipWhitespace(json, skipWhitespace(json, keyEnd) + 1); // past ':'
    const valueEnd = endOfValue(json, valueStart);
    if (name === key) found = json.slice(valueStart, valueEnd);
    i = skipWhitespace(json, valueEnd);
    if (json[i] === ',') i = skipWhitespace(json, i + 1);
  }
  return found;
}
