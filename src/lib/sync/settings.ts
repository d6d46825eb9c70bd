/** Sync settings from rail.yaml's `sync` block and the command line (flags win), validated. */
import type { RailConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { type DnsServer, parseDnsServer } from './dns-query.js';
import type { PassSettings } from './sync-pass.js';

export interface SyncCliOptions {
  once?: boolean;
  dryRun?: boolean;
  interval?: string;
  listener?: string;
  source?: string;
  dnsServer?: string;
  misses?: string;
}

export interface CliSyncSettings extends PassSettings {
  intervalSeconds: number;
  listener?: number;
}

function positiveInt(flag: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(`${flag} ${value}: expected a whole number from 1 to ${max}.`);
  }
  return n;
}

/**
 * Merges flags over rail.yaml. `sandboxDns` is the embedded sandbox's DNS server: under --sandbox the
 * dns source asks it unless a server was named.
 */
export function syncSettings(
  rail: RailConfig,
  opts: SyncCliOptions,
  sandboxDns?: DnsServer,
): CliSyncSettings {
  const source = opts.source ?? rail.sync.source;
  if (source !== 'eni' && source !== 'dns') {
    throw new UsageError(`--source ${source}: expected eni or dns.`, {
      hint: 'eni reads the ALB network interfaces (complete); dns asks the ELB name servers, as the original Lambda.',
    });
  }
  const listener = positiveInt('--listener', opts.listener, 65535);
  if (listener !== undefined && listener !== 80 && listener !== 443) {
    throw new UsageError(`--listener ${listener}: the rail's NLB listens on 80 and 443 only.`);
  }
  let dnsServer: DnsServer | undefined;
  const dnsText = opts.dnsServer ?? rail.sync.dnsServer;
  if (dnsText) {
    try {
      dnsServer = parseDnsServer(dnsText);
    } catch {
      throw new UsageError(`--dns-server ${dnsText}: expected host:port, e.g. 127.0.0.1:5353.`);
    }
  } else if (sandboxDns) dnsServer = sandboxDns;
  if (!rail.sync.bucket) {
    throw new UsageError('sync-ips keeps its counters in S3, and rail.yaml gives no sync.bucket.', {
      hint: 'add `sync: { bucket: <name> }` to rail.yaml (`rails up` creates it with versioning).',
    });
  }
  return {
    bucket: rail.sync.bucket,
    source,
    ...(dnsServer ? { dnsServer } : {}),
    maxLookups: rail.sync.maxLookups,
    missesBeforeDeregister: positiveInt('--misses', opts.misses, 1000) ?? rail.sync.missesBeforeDeregister,
    dryRun: opts.dryRun === true,
    intervalSeconds: positiveInt('--interval', opts.interval, 86400) ?? rail.sync.interval,
    ...(listener !== undefined ? { listener } : {}),
  };
}
