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

/** What a failed target health read of this group is called in the snapshot's readErrors. */
export function targetHealthReadName(arn: string): string {
  return `target health ${targetGroupNameOf(arn)}`;
}

/** What failed reads of the NLB's and the ALB's target groups are called in the snapshot's readErrors. */
export const NLB_GROUPS_READ = 'NLB target groups';
export const ALB_GROUPS_READ = 'ALB target groups';

/**
 * True when a target group's targets are unknown rather than absent: its target health read failed,
 * or the group was not read because a read of the load balancers' target groups failed.
 */
export function targetsUnread(snap: RailSnapshot, arn: string): boolean {
  const health = targetHealthReadName(arn);
  return snap.readErrors.some(
    (e) =>
      e.what === health ||
      (!snap.targetGroups[arn] && (e.what === NLB_GROUPS_READ || e.what === ALB_GROUPS_READ)),
  );
}
