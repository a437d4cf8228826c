import { existsSync, readFileSync } from 'node:fs';

const LISTEN = '0A';

/**
 * The local addresses (hex, as the kernel lists them) of the sockets listening on `port`, from
 * /proc/net/tcp and tcp6; undefined where there is no /proc (not Linux).
 */
export function listenersOn(port: number): { address: string; loopback: boolean }[] | undefined {
  const files = ['/proc/net/tcp', '/proc/net/tcp6'].filter((file) => existsSync(file));
  if (files.length === 0) return undefined;
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === LISTEN && fields[1]?.endsWith(`:${portHex}`))
      .map((fields) => {
        const address = (fields[1] ?? '').split(':')[0] ?? '';
        return { address, loopback: isLoopback(address) };
      }),
  );
}

/** 127.0.0.0/8, alone (tcp) or IPv4-mapped (tcp6), or ::1; words are little-endian hex. */
function isLoopback(hex: string): boolean {
  if (hex.length === 8) return hex.endsWith('7F');
  // IPv6 in four little-endian words: ::1, or ::ffff:127.x.y.z
  return (
    hex === '00000000000000000000000001000000' ||
    (hex.startsWith('0000000000000000FFFF0000') && hex.endsWith('7F'))
  );
}
