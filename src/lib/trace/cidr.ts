/** CIDR membership for the ALB `source-ip` condition (IPv4 and IPv6). */
import { isIP } from 'node:net';

function ipv4ToBigInt(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n);
}

function ipv6ToBigInt(ip: string): bigint {
  let text = ip;
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToBigInt(v4[1]!);
    text = `${text.slice(0, -v4[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - headParts.length - tailParts.length).fill('0');
  return [...headParts, ...fill, ...tailParts].reduce(
    (acc, h) => (acc << 16n) + BigInt(parseInt(h || '0', 16)),
    0n,
  );
}

/** True when `ip` lies in `cidr` (`10.0.0.0/16`, `2001:db8::/32`); a bare address means /32 or /128. */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/') as [string, string | undefined];
  const family = isIP(ip);
  if (family === 0 || family !== isIP(base)) return false;
  const width = family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return false;
  const toInt = family === 4 ? ipv4ToBigInt : ipv6ToBigInt;
  const shift = BigInt(width - bits);
  return toInt(ip) >> shift === toInt(base) >> shift;
}
