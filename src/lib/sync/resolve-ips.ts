/**
 * Where a pass learns the ALB's IPs.
 *  - eni (default): the ALB's network interfaces (`ELB app/<name>/<id>`), the complete list in one call.
 *  - dns: as the original Lambda, A queries to the ELB zone's authoritative name servers, repeated up to
 *    maxLookups times and unioned (an answer carries at most 8 IPs), stopping early when an answer holds
 *    fewer than 8. With a DNS server given (`--dns-server`, sync.dnsServer) it is asked directly.
 * Any failure throws: the pass then changes nothing.
 */
import { Resolver } from 'node:dns/promises';
import type { AwsClients } from '../aws/clients.js';
import { loadBalancerInterfaces } from '../aws/ec2.js';
import { loadBalancerEniDescription } from '../aws/elbv2.js';
import { type DnsServer, queryDns } from './dns-query.js';

/** A DNS answer holds at most this many A records. */
export const DNS_ANSWER_MAX = 8;

export interface IpSourceSettings {
  source: 'eni' | 'dns';
  /** Ask this server directly (skips name-server discovery). */
  dnsServer?: DnsServer;
  maxLookups: number;
  /** Name-server discovery: the resolver for the NS lookup (default: the system's) and the port to ask. */
  nsBootstrap?: DnsServer;
  nsPort?: number;
}

export interface AlbRef {
  arn: string;
  dnsName: string;
}

/** The ALB's current IPs, sorted and unique. Throws when they cannot be learnt. */
export async function resolveAlbIps(aws: AwsClients, alb: AlbRef, s: IpSourceSettings): Promise<string[]> {
  const ips = s.source === 'eni' ? await fromInterfaces(aws, alb) : await fromDns(alb.dnsName, s);
  return [...new Set(ips)].sort();
}

async function fromInterfaces(aws: AwsClients, alb: AlbRef): Promise<string[]> {
  const interfaces = await loadBalancerInterfaces(aws, loadBalancerEniDescription(alb.arn));
  return interfaces.map((ni) => ni.PrivateIpAddress).filter((ip): ip is string => Boolean(ip));
}

async function fromDns(name: string, s: IpSourceSettings): Promise<string[]> {
  const servers = s.dnsServer ? [s.dnsServer] : await authoritativeServers(name, s);
  const seen = new Set<string>();
  for (let i = 0; i < s.maxLookups; i++) {
    const server = servers[i % servers.length]!;
    const answer = await queryDns(server, name, 'A');
    if (answer.rcode !== 'NOERROR') {
      throw new Error(`${server.host}:${server.port} answered ${answer.rcode} for ${name}`);
    }
    for (const ip of answer.records) seen.add(ip);
    if (answer.records.length < DNS_ANSWER_MAX) break;
  }
  return [...seen];
}

/** The ELB zone's name servers (the ALB name without its first label), as addresses to ask. */
async function authoritativeServers(name: string, s: IpSourceSettings): Promise<DnsServer[]> {
  const zone = name.split('.').slice(1).join('.');
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  if (s.nsBootstrap) resolver.setServers([`${s.nsBootstrap.host}:${s.nsBootstrap.port}`]);
  const names = await resolver.resolveNs(zone);
  const addresses = (await Promise.all(names.map((ns) => resolver.resolve4(ns).catch(() => [])))).flat();
  if (addresses.length === 0) throw new Error(`no address found for the name servers of ${zone}`);
  return addresses.map((host) => ({ host, port: s.nsPort ?? 53 }));
}
