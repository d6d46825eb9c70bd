/**
 * The sync Lambda's configuration travels in its environment variables: `up` writes them
 * (lambdaEnvironment), the handler reads them (syncFromEnvironment). One function covers every NLB IP
 * target group of the rail, so no discovery call is needed at run time.
 */

import type { SyncRail } from './discover.js';
import { parseDnsServer } from './dns-query.js';
import type { PassSettings } from './sync-pass.js';

export const ENV = {
  albArn: 'RAILS_SYNC_ALB_ARN',
  albName: 'RAILS_SYNC_ALB_NAME',
  albDnsName: 'RAILS_SYNC_ALB_DNS_NAME',
  nlbName: 'RAILS_SYNC_NLB_NAME',
  /** `<port>=<target group ARN>` pairs, comma-separated. */
  targetGroups: 'RAILS_SYNC_TARGET_GROUPS',
  bucket: 'RAILS_SYNC_BUCKET',
  source: 'RAILS_SYNC_SOURCE',
  dnsServer: 'RAILS_SYNC_DNS_SERVER',
  maxLookups: 'RAILS_SYNC_MAX_LOOKUPS',
  misses: 'RAILS_SYNC_MISSES_BEFORE_DEREGISTER',
} as const;

export function lambdaEnvironment(rail: SyncRail, s: Omit<PassSettings, 'dryRun'>): Record<string, string> {
  return {
    [ENV.albArn]: rail.alb.arn,
    [ENV.albName]: rail.alb.name,
    [ENV.albDnsName]: rail.alb.dnsName,
    [ENV.nlbName]: rail.nlbName,
    [ENV.targetGroups]: rail.targetGroups.map((tg) => `${tg.port}=${tg.arn}`).join(','),
    [ENV.bucket]: s.bucket,
    [ENV.source]: s.source,
    ...(s.dnsServer ? { [ENV.dnsServer]: `${s.dnsServer.host}:${s.dnsServer.port}` } : {}),
    [ENV.maxLookups]: String(s.maxLookups),
    [ENV.misses]: String(s.missesBeforeDeregister),
  };
}

/** A target group's name is the 2nd segment of its ARN (`targetgroup/<name>/<id>`). */
function targetGroupName(arn: string): string {
  return arn.split(':targetgroup/')[1]?.split('/')[0] ?? arn;
}

export function syncFromEnvironment(env: NodeJS.ProcessEnv): { rail: SyncRail; settings: PassSettings } {
  const need = (key: string): string => {
    const v = env[key];
    if (!v) throw new Error(`environment variable ${key} is missing: redeploy with \`rails up\``);
    return v;
  };
  const targetGroups = need(ENV.targetGroups)
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const arn = pair.slice(at + 1);
      return { port: Number(pair.slice(0, at)), arn, name: targetGroupName(arn) };
    });
  const source = need(ENV.source);
  if (source !== 'eni' && source !== 'dns')
    throw new Error(`${ENV.source} must be eni or dns, got ${source}`);
  return {
    rail: {
      alb: { arn: need(ENV.albArn), name: need(ENV.albName), dnsName: need(ENV.albDnsName) },
      nlbName: env[ENV.nlbName] ?? '',
      targetGroups,
    },
    settings: {
      bucket: need(ENV.bucket),
      source,
      ...(env[ENV.dnsServer] ? { dnsServer: parseDnsServer(env[ENV.dnsServer]!) } : {}),
      maxLookups: Number(env[ENV.maxLookups] ?? 50),
      missesBeforeDeregister: Number(env[ENV.misses] ?? 10),
      dryRun: false,
    },
  };
}
