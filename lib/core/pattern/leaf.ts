import { parseIp } from './ip.ts';
import type { Leaf } from './types.ts';

/** The leaf's string value, or undefined for numbers, booleans and null (string operators see only strings). */
export function stringOf(leaf: Leaf): string | undefined {
  return typeof leaf.value === 'string' ? leaf.value : undefined;
}

/** The leaf's value as an IP address in hex, parsed once per leaf; null when it is not an IP string. */
export function ipOf(leaf: Leaf): string | null {
  if (leaf.ip === undefined) {
    leaf.ip = typeof leaf.value === 'string' ? (parseIp(leaf.value) ?? null) : null;
  }
  return leaf.ip;
}
