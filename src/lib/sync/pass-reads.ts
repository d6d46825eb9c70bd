/**
 * The reads a sync pass starts from, started as early as their inputs are known: the ALB's IPs need
 * the ALB, each target group's health and state need its ARN (and the ALB's DNS name). They do not
 * depend on one another, so they run at once; a caller that found the ALB and the target groups
 * before the rest of the rail (discover.ts's onFound) starts them then, and hands them to the pass.
 *
 * The promises are observed at once (a no-op catch): a pass that stops early, or a group that turns
 * out not to be the rail's, leaves them unawaited without an unhandled rejection; awaiting one still
 * throws its error.
 */
import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../aws/clients.js';
import { describeTargetHealth } from '../aws/elbv2.js';
import { type AlbRef, type IpSourceSettings, resolveAlbIps } from './resolve-ips.js';
import { readTargetGroupState, type TargetGroupState } from './state-store.js';

export interface GroupReads {
  health: Promise<TargetHealthDescription[]>;
  state: Promise<TargetGroupState>;
}

export interface PassReads {
  /** The ALB these reads are of (a pass of another ALB ignores them). */
  alb: AlbRef;
  ips: Promise<string[]>;
  /** By target group ARN. */
  groups: Map<string, GroupReads>;
}

function early<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** The reads of one target group: its targets and its state, at the same time. */
export function startGroupReads(
  aws: AwsClients,
  bucket: string,
  arn: string,
  albDnsName: string,
): GroupReads {
  return {
    health: early(describeTargetHealth(aws, arn)),
    state: early(readTargetGroupState(aws, bucket, arn, albDnsName)),
  };
}

/** Starts every read a pass of these target groups makes before it plans. */
export function startPassReads(
  aws: AwsClients,
  alb: AlbRef,
  targetGroupArns: string[],
  s: IpSourceSettings & { bucket: string },
): PassReads {
  return {
    alb,
    ips: early(resolveAlbIps(aws, alb, s)),
    groups: new Map(targetGroupArns.map((arn) => [arn, startGroupReads(aws, s.bucket, arn, alb.dnsName)])),
  };
}
