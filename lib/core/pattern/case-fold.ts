/**
 * `equals-ignore-case` as event-ruler builds it (`EqualsIgnoreCaseParser`): each UTF-16 unit `c` of the
 * operand accepts exactly `c.toLowerCase()` or `c.toUpperCase()` (Locale.ROOT), nothing else. So `ß`
 * accepts `ß` or `SS`, and the relation is not symmetric. Alternatives can differ in length, so matching
 * carries the set of reachable offsets instead of comparing lower-cased strings.
 */

/** Per operand unit, the strings accepted at that position. */
export type FoldedText = readonly (readonly string[])[];

export function foldText(text: string): FoldedText {
  const folded: string[][] = [];
  for (const unit of text.split('')) {
    const lower = unit.toLowerCase();
    const upper = unit.toUpperCase();
    folded.push(lower === upper ? [lower] : [lower, upper]);
  }
  return folded;
}

/** Offsets of `value` the operand can reach, walking forwards from 0 or backwards from the end. */
function reach(folded: FoldedText, value: string, backwards: boolean): Set<number> {
  let reachable = new Set([backwards ? value.length : 0]);
  const count = folded.length;
  for (let step = 0; step < count; step++) {
    const alternatives = folded[backwards ? count - 1 - step : step] ?? [];
    const moved = new Set<number>();
    for (const offset of reachable) {
      for (const alternative of alternatives) {
        const start = backwards ? offset - alternative.length : offset;
        if (start >= 0 && value.startsWith(alternative, start)) {
          moved.add(backwards ? start : offset + alternative.length);
        }
      }
    }
    if (moved.size === 0) return moved;
    reachable = moved;
  }
  return reachable;
}

export function equalsFolded(folded: FoldedText, value: string): boolean {
  return reach(folded, value, false).has(value.length);
}

export function startsWithFolded(folded: FoldedText, value: string): boolean {
  return reach(folded, value, false).size > 0;
}

export function endsWithFolded(folded: FoldedText, value: string): boolean {
  return reach(folded, value, true).size > 0;
}
