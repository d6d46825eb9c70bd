/**
 * What `rails route trace` reports (and prints with --json). Field names are a contract, documented in
 * README "route trace JSON".
 */
import type { ConditionResult } from './match-rules.js';

/** `forwarded`, `redirected`, `fixed-response`: the ALB answers; the rest: the request fails on the way. */
export type TraceOutcome =
  | 'forwarded'
  | 'redirected'
  | 'fixed-response'
  | 'no-nlb-listener'
  | 'no-alb-listener'
  | 'no-matching-rule'
  | 'no-healthy-targets';

export interface TracedTargetGroup {
  name: string;
  arn: string;
  /** Forward weight (weighted forwards only). */
  weight?: number;
  /** `ip:port` of the healthy targets. */
  healthyTargets: string[];
  totalTargets: number;
  /** ECS services that feed this group. */
  services: string[];
}

export interface TraceReport {
  schemaVersion: 1;
  request: {
    url: string;
    method: string;
    protocol: 'http' | 'https';
    host: string;
    port: number;
    path: string;
    query: string;
    sourceIp?: string;
    headers: Record<string, string>;
  };
  outcome: TraceOutcome;
  /** One line on why the request ends where it does. */
  summary: string;
  nlb: {
    name: string;
    found: boolean;
    listener?: { port: number; protocol: string };
    targetGroups: TracedTargetGroup[];
  };
  /** The ALB's current IPs, and those of them the NLB sends to (registered and healthy). */
  albIps: { current: string[]; reachable: string[] };
  alb: { name: string; found: boolean; listener?: { port: number; protocol: string } };
  /** The rule that took the request. */
  rule?: { priority: string; isDefault: boolean; conditions: ConditionResult[] };
  /** Rules before it whose host matched but another condition did not. */
  nearMisses: { priority: string; conditions: ConditionResult[] }[];
  rulesEvaluated: number;
  action?:
    | { type: 'forward'; targetGroups: TracedTargetGroup[] }
    | { type: 'redirect'; statusCode: string; location: string }
    | { type: 'fixed-response'; statusCode: string; contentType?: string; messageBody?: string }
    | { type: string };
  /** ECS services the request can reach (forward actions with weight > 0 and healthy targets). */
  services: string[];
}
