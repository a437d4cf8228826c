/**
 * IP literals and CIDR blocks as event-ruler reads them (`CIDR.java`): an address is admitted only if it
 * looks like dotted IPv4 (`n.n.n.n`, decimal octets, leading zeros allowed) or like colon-hex IPv6 (no
 * embedded dotted quad, no zone, no brackets), then parsed the way `java.net.InetAddress` does, where an
 * IPv4-mapped IPv6 address (`::ffff:a:b`) becomes its 4-byte IPv4 form. Addresses are compared as
 * fixed-length upper-case hex strings, so an IPv4 range never matches an IPv6 address and vice versa.
 */

const IPV4_SHAPE = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function toHex(bytes: readonly number[]): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

function parseIpv4(text: string): number[] | undefined {
  const match = IPV4_SHAPE.exec(text);
  if (!match) return undefined;
  const bytes: number[] = [];
  for (const part of match.slice(1)) {
    const value = Number(part);
    if (!(value <= 255)) return undefined;
    bytes.push(value);
  }
  return bytes;
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!HEX_GROUP.test(group)) return undefined;
    groups.push(Number.parseInt(group, 16));
  }
  return groups;
}

function parseIpv6(text: string): number[] | undefined {
  if (!IPV6_SHAPE.test(text)) return undefined;
  const gap = text.indexOf('::');
  let groups: number[] | undefined;
  if (gap < 0) {
    groups = parseGroups(text);
    if (groups?.length !== 8) return undefined;
  } else {
    if (text.indexOf('::', gap + 1) >= 0) return undefined;
    const head = parseGroups(text.slice(0, gap));
    const tail = parseGroups(text.slice(gap + 2));
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const bytes = groups.flatMap((group) => [group >> 8, group & 0xff]);
  const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** Whether the text has the shape of an IP literal at all (event-ruler's pre-check before parsing). */
export function looksLikeIp(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

function parseIpBytes(text: string): number[] | undefined {
  return parseIpv4(text) ?? parseIpv6(text);
}

/** The address as 8 (IPv4) or 32 (IPv6) upper-case hex digits, or undefined when it is not an IP literal. */
export function parseIp(text: string): string | undefined {
  const bytes = parseIpBytes(text);
  return bytes ? toHex(bytes) : undefined;
}

/** An inclusive block of addresses, both ends in the hex form of {@link parseIp}. */
export interface IpRange {
  readonly low: string;
  readonly high: string;
}

/** Splits like Java's `String.split("/")`, which drops trailing empty strings. */
function javaSplitSlash(text: string): string[] {
  const parts = text.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Parses a `cidr` operand; returns the block, or the reason it is refused. */
export function parseCidr(text: string): IpRange | string {
  const parts = javaSplitSlash(text);
  const [address, mask] = parts;
  if (parts.length !== 2 || address === undefined || mask === undefined) {
    return "malformed CIDR, exactly one '/' is required";
  }
  if (!/^[+-]?\d+$/.test(mask) || Math.abs(Number(mask)) > 2147483647) {
    return 'malformed CIDR, mask bits must be an integer';
  }
  const bits = Number(mask);
  if (bits < 0) return 'malformed CIDR, mask bits must not be negative';
  if (!looksLikeIp(address)) return `nonstandard IP address: ${address}`;
  const bytes = parseIpBytes(address);
  if (!bytes) return `invalid IP address: ${address}`;
  if (bytes.length === 4 && bits > 31) return 'IPv4 mask bits must be < 32';
  if (bytes.length === 16 && bits > 127) return 'IPv6 mask bits must be < 128';
  const low: number[] = [];
  const high: number[] = [];
  bytes.forEach((byte, index) => {
    const fixed = Math.max(0, Math.min(8, bits - index * 8));
    const hostMask = 0xff >> fixed;
    low.push(byte & ~hostMask & 0xff);
    high.push(byte | hostMask);
  });
  return { low: toHex(low), high: toHex(high) };
}

/** Whether a hex address (from {@link parseIp}) lies in the block; families never mix. */
export function inIpRange(range: IpRange, address: string): boolean {
  return address.length === range.low.length && address >= range.low && address <= range.high;
}
