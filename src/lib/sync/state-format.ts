/**
 * Where the sync state lives in S3 and how its files read and write (pure, no I/O).
 *
 * rails writes the seed article's layout: one pair of objects per NLB target group,
 *   `<NLB_TG_ARN>/<ALB DNS name>/Active IP list of <ALB DNS name>.json`
 *   `<NLB_TG_ARN>/<ALB DNS name>/Pending deregistration IP list of <ALB DNS name>.json`
 * and reads the two other layouts of the original Lambda too (docs/aws-behaviour.md §13), so a user
 * switching from it keeps the pending counters. The original stored JSON encoded twice (the file holds
 * a JSON string); rails reads both and writes plain JSON.
 */

export type StateLayout = 'seed-patch' | 'python27' | 'python3';

export interface StateKeys {
  layout: StateLayout;
  active: string;
  pending: string;
}

/** rails's own keys (the seed article's patch). */
export function stateKeys(targetGroupArn: string, albDnsName: string): StateKeys {
  return {
    layout: 'seed-patch',
    active: `${targetGroupArn}/${albDnsName}/Active IP list of ${albDnsName}.json`,
    pending: `${targetGroupArn}/${albDnsName}/Pending deregistration IP list of ${albDnsName}.json`,
  };
}

/** The original Lambda's other layouts, read once when rails's own files do not exist yet. */
export function legacyStateKeys(albDnsName: string): StateKeys[] {
  return [
    {
      layout: 'python27',
      active: `${albDnsName}-active-registered-IPs/Active IP list of ${albDnsName}.json`,
      // "deregisteration" (sic): the original's spelling, kept so its files are found.
      pending: `${albDnsName}-pending-deregisteration-IPs/Pending deregisteration IP list of ${albDnsName}.json`,
    },
    {
      layout: 'python3',
      active: `${albDnsName}/active_ip.json`,
      pending: `${albDnsName}/pending_ip.json`,
    },
  ];
}

/** Parses JSON that may have been encoded twice (a JSON string holding JSON). */
export function parseMaybeDoubleJson(text: string): unknown {
  let value: unknown = JSON.parse(text);
  for (let i = 0; i < 2 && typeof value === 'string'; i++) value = JSON.parse(value);
  return value;
}

/**
 * Reads a pending-deregistration file: `{"<ip>": count}`. Entries that are not an IPv4 address with a
 * positive integer count are dropped (a hand-edited or foreign file must not poison the counters).
 */
export function parsePending(text: string): Record<string, number> {
  const value = parseMaybeDoubleJson(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('the pending-deregistration file is not a JSON object of IP -> count');
  }
  const out: Record<string, number> = {};
  for (const [ip, count] of Object.entries(value as Record<string, unknown>)) {
    const n = typeof count === 'string' ? Number(count) : count;
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) && typeof n === 'number' && Number.isInteger(n) && n > 0)
      out[ip] = n;
  }
  return out;
}

export interface ActiveList {
  LoadBalancerName: string;
  /** `%Y-%m-%d %H:%M:%S` UTC, as the original writes it: when the pass ran. */
  TimeStamp: string;
  IPList: string[];
  IPCount: number;
}

export function parseActive(text: string): ActiveList | undefined {
  const value = parseMaybeDoubleJson(text) as Partial<ActiveList> | null;
  if (!value || typeof value !== 'object' || !Array.isArray(value.IPList)) return undefined;
  return {
    LoadBalancerName: String(value.LoadBalancerName ?? ''),
    TimeStamp: String(value.TimeStamp ?? ''),
    IPList: value.IPList.map(String),
    IPCount: Number(value.IPCount ?? value.IPList.length),
  };
}

/** The original's timestamp format, in UTC. */
export function formatTimeStamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function serializeActive(albDnsName: string, ips: string[], at: Date): string {
  const body: ActiveList = {
    LoadBalancerName: albDnsName,
    TimeStamp: formatTimeStamp(at),
    IPList: [...ips],
    IPCount: ips.length,
  };
  return JSON.stringify(body);
}

export function serializePending(pending: Record<string, number>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(pending).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/**
 * Object metadata rails keeps on the pending file (the file the conditional writes serialise on):
 * when the last successful pass ran, and a digest and the ETag of the active list, so the active file
 * is rewritten only when the ALB's IPs changed, without reading it first.
 */
export const META_LAST_SUCCESS = 'rails-last-success';
export const META_LAST_PASS = 'rails-last-pass';
export const META_ACTIVE_DIGEST = 'rails-active-digest';
export const META_ACTIVE_ETAG = 'rails-active-etag';
