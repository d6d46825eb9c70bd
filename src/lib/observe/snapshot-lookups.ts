/**
 * Facts status and trace both read off a snapshot of the rail: the ALB's current IPs and the name of a
 * target group. Kept here, beside the snapshot, so neither engine reaches into the other for them.
 */
import type { RailSnapshot } from './snapshot.js';

/** The ALB's private IPs: every private address of every one of its network interfaces. */
export function albIps(snap: RailSnapshot): string[] {
  const ips = new Set<string>();
  for (const eni of snap.albInterfaces) {
    for (const a of eni.PrivateIpAddresses ?? []) if (a.PrivateIpAddress) ips.add(a.PrivateIpAddress);
    if (eni.PrivateIpAddress) ips.add(eni.PrivateIpAddress);
  }
  return [...ips].sort();
}

/** The name in a target group ARN (`.../targetgroup/<name>/<id>`), for groups we could not describe. */
export function targetGroupNameOf(arn: string): string {
  return arn.split('/').at(-2) ?? arn;
}
