/**
 * `wildcard` operands, after event-ruler `WildcardParser`: `*` matches any run of characters (including
 * none), `\*` is a literal asterisk, `\\` a literal backslash; any other backslash, and two consecutive
 * unescaped `*`, are refused. Positions in messages count UTF-8 bytes of the operand wrapped in quotes,
 * as AWS reports them ("Consecutive wildcard characters at pos 26").
 */

/** A parsed operand: the literal runs between its wildcards (one run when there is no `*`). */
export interface Wildcard {
  readonly segments: readonly string[];
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function position(text: string, index: number): number {
  return utf8Length(text.slice(0, index)) + 1;
}

/** Parses an operand; returns it, or the reason it is refused. */
export function parseWildcard(text: string): Wildcard | string {
  const segments: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') {
      const next = text[index + 1];
      if (next !== '*' && next !== '\\') {
        return `invalid escape character at pos ${position(text, index)} (only \\* and \\\\ are escapes)`;
      }
      current += next;
      index++;
    } else if (char === '*') {
      if (text[index + 1] === '*') {
        return `consecutive wildcard characters at pos ${position(text, index)}`;
      }
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return { segments };
}

/** Whether a string matches the operand as a whole. Leftmost placement of each run is sufficient for `*`. */
export function matchesWildcard(wildcard: Wildcard, value: string): boolean {
  const { segments } = wildcard;
  const first = segments[0] ?? '';
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] ?? '';
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let offset = first.length;
  for (let index = 1; index < segments.length - 1; index++) {
    const segment = segments[index] ?? '';
    if (segment === '') continue;
    const found = value.indexOf(segment, offset);
    if (found < 0 || found + segment.length > end) return false;
    offset = found + segment.length;
  }
  return true;
}
