/**
 * Security group rules as comparable strings (`tcp:80:cidr:10.0.0.0/16`, `tcp:8080:sg:sg-1`,
 * `-1:all:cidr:0.0.0.0/0`) and back to EC2's IpPermissions. Pure.
 */
import type { IpPermission } from '@aws-sdk/client-ec2';

function portPart(p: IpPermission): string {
  if (p.IpProtocol === '-1') return 'all';
  return p.FromPort === p.ToPort ? `${p.FromPort}` : `${p.FromPort}-${p.ToPort}`;
}

/** Flattens EC2 permissions into one key per (protocol, ports, source). */
export function permissionKeys(perms: IpPermission[] | undefined): string[] {
  const out: string[] = [];
  for (const p of perms ?? []) {
    const head = `${p.IpProtocol}:${portPart(p)}`;
    for (const r of p.IpRanges ?? []) out.push(`${head}:cidr:${r.CidrIp}`);
    for (const r of p.Ipv6Ranges ?? []) out.push(`${head}:cidr6:${r.CidrIpv6}`);
    for (const g of p.UserIdGroupPairs ?? []) out.push(`${head}:sg:${g.GroupId}`);
    for (const l of p.PrefixListIds ?? []) out.push(`${head}:pl:${l.PrefixListId}`);
  }
  return out.sort();
}

/** One EC2 permission per key. */
export function toIpPermission(key: string, description?: string): IpPermission {
  const [protocol, ports, kind, source] = key.split(':') as [string, string, string, string];
  const [from, to] = ports === 'all' ? [undefined, undefined] : ports.split('-').map(Number);
  const perm: IpPermission = {
    IpProtocol: protocol,
    ...(from === undefined ? {} : { FromPort: from, ToPort: to ?? from }),
  };
  if (kind === 'cidr')
    perm.IpRanges = [{ CidrIp: source, ...(description ? { Description: description } : {}) }];
  else if (kind === 'cidr6') perm.Ipv6Ranges = [{ CidrIpv6: source }];
  else if (kind === 'sg')
    perm.UserIdGroupPairs = [{ GroupId: source, ...(description ? { Description: description } : {}) }];
  else perm.PrefixListIds = [{ PrefixListId: source }];
  return perm;
}

/** What to authorize and what to revoke so the group holds exactly `wanted`. */
export function diffPermissions(wanted: string[], actual: string[]): { add: string[]; remove: string[] } {
  const have = new Set(actual);
  const want = new Set(wanted);
  return { add: wanted.filter((k) => !have.has(k)), remove: actual.filter((k) => !want.has(k)) };
}
