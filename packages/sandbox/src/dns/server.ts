/**
 * The DNS that publishes load balancer node IPs, as Route 53 does for `*.elb.amazonaws.com`: A queries
 * for a load balancer's DNS name answer its current node IPs (at most 8, order rotating per query);
 * the ELB zones (`<region>.elb.amazonaws.com`, `elb.<region>.amazonaws.com`) have NS and SOA naming
 * this server, so a resolver that asks the zone's name servers directly works against it.
 * Unknown names in a zone get NXDOMAIN; names outside the zones REFUSED.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createRequire } from 'node:module';
import type { Answer, Packet, Question } from 'dns-packet';

type DnsPacketModule = typeof import('dns-packet');
let loaded: DnsPacketModule | undefined;
/** dns-packet, loaded with the first query: a sandbox that is never asked does not pay for it. */
function dnsPacketLib(): DnsPacketModule {
  loaded ??= createRequire(import.meta.url)('dns-packet') as DnsPacketModule;
  return loaded;
}

import type { Sandbox } from '../core/types.js';
import { elbv2State } from '../services/elbv2/state.js';

/** The name server every ELB zone names (resolvable through this server). */
export const SANDBOX_NAME_SERVER = 'ns-1.sandbox.elb.amazonaws.com';
const HOSTMASTER = 'awsdns-hostmaster.amazon.com';
const TTL = 60;
const MAX_ANSWERS = 8;

const RCODE = { NOERROR: 0, FORMERR: 1, NXDOMAIN: 3, REFUSED: 5 } as const;
/** Header flag bits (RFC 1035 4.1.1). */
const AUTHORITATIVE_ANSWER = 1 << 10;
const RECURSION_DESIRED = 1 << 8;

/** The ELB zone a name belongs to, or undefined when it is outside every ELB zone. */
export function elbZoneOf(name: string): string | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n === SANDBOX_NAME_SERVER || n.endsWith('.sandbox.elb.amazonaws.com'))
    return 'sandbox.elb.amazonaws.com';
  // ALB style: <...>.<region>.elb.amazonaws.com
  const alb = /(?:^|\.)([a-z]{2}(?:-[a-z]+)+-\d)\.elb\.amazonaws\.com$/.exec(n);
  if (alb) return `${alb[1]}.elb.amazonaws.com`;
  // NLB style: <...>.elb.<region>.amazonaws.com
  const nlb = /(?:^|\.)elb\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/.exec(n);
  if (nlb) return `elb.${nlb[1]}.amazonaws.com`;
  return undefined;
}

export interface DnsAnswerer {
  answer(query: Packet): Packet;
}

/** Builds answers from the live sandbox state; rotation counters live here, not in the state. */
export function dnsAnswerer(sb: Sandbox): DnsAnswerer {
  const rotation = new Map<string, number>();

  function nodeIps(name: string): string[] | undefined {
    let n = name.toLowerCase().replace(/\.$/, '');
    if (n.startsWith('dualstack.')) n = n.slice('dualstack.'.length);
    const lb = elbv2State(sb).loadBalancers.find((l) => l.dnsName.toLowerCase() === n);
    return lb?.nodes.map((node) => node.ip);
  }

  function soa(zone: string): Answer {
    return {
      name: zone,
      type: 'SOA',
      ttl: TTL,
      data: {
        mname: SANDBOX_NAME_SERVER,
        rname: HOSTMASTER,
        serial: 1,
        refresh: 7200,
        retry: 900,
        expire: 1209600,
        minimum: TTL,
      },
    };
  }

  const nsGlue: Answer = { name: SANDBOX_NAME_SERVER, type: 'A', ttl: TTL, data: '127.0.0.1' };

  function answerOne(q: Question, reply: Required<Pick<Packet, 'answers' | 'authorities' | 'additionals'>>) {
    const zone = elbZoneOf(q.name);
    if (!zone) return RCODE.REFUSED;
    const name = q.name.toLowerCase().replace(/\.$/, '');
    if (name === zone) {
      if (q.type === 'NS') {
        reply.answers.push({ name: zone, type: 'NS', ttl: TTL, data: SANDBOX_NAME_SERVER });
        reply.additionals.push(nsGlue);
      } else if (q.type === 'SOA') reply.answers.push(soa(zone));
      else reply.authorities.push(soa(zone));
      return RCODE.NOERROR;
    }
    if (name === SANDBOX_NAME_SERVER) {
      if (q.type === 'A') reply.answers.push(nsGlue);
      else reply.authorities.push(soa(zone));
      return RCODE.NOERROR;
    }
    const ips = nodeIps(name);
    if (!ips) {
      reply.authorities.push(soa(zone));
      return RCODE.NXDOMAIN;
    }
    if (q.type !== 'A' || ips.length === 0) {
      reply.authorities.push(soa(zone));
      return RCODE.NOERROR;
    }
    // Rotate the order per query, as Route 53 does, then cap at 8 records.
    const turn = rotation.get(name) ?? 0;
    rotation.set(name, turn + 1);
    const start = turn % ips.length;
    const ordered = [...ips.slice(start), ...ips.slice(0, start)].slice(0, MAX_ANSWERS);
    for (const ip of ordered) reply.answers.push({ name: q.name, type: 'A', ttl: TTL, data: ip });
    reply.authorities.push({ name: zone, type: 'NS', ttl: TTL, data: SANDBOX_NAME_SERVER });
    reply.additionals.push(nsGlue);
    return RCODE.NOERROR;
  }

  return {
    answer(query) {
      const reply = { answers: [] as Answer[], authorities: [] as Answer[], additionals: [] as Answer[] };
      const questions = query.questions ?? [];
      let rcode: number = questions.length === 1 ? RCODE.NOERROR : RCODE.FORMERR;
      if (questions.length === 1) rcode = answerOne(questions[0]!, reply);
      const refused = rcode === RCODE.REFUSED;
      const flags = (refused ? 0 : AUTHORITATIVE_ANSWER) | ((query.flags ?? 0) & RECURSION_DESIRED) | rcode;
      return {
        id: query.id,
        type: 'response',
        flags,
        questions,
        answers: refused ? [] : reply.answers,
        authorities: refused ? [] : reply.authorities,
        additionals: refused ? [] : reply.additionals,
      };
    },
  };
}

export interface RunningDns {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the UDP server on 127.0.0.1 (port 0 picks a free one). */
export function startDnsServer(sb: Sandbox, port = 0): Promise<RunningDns> {
  const answerer = dnsAnswerer(sb);
  const socket: Socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    let query: Packet;
    try {
      query = dnsPacketLib().decode(msg);
    } catch {
      return; // not DNS: drop it, as a server does
    }
    if (query.type === 'response') return;
    const out = dnsPacketLib().encode(answerer.answer(query));
    socket.send(out, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      socket.off('error', reject);
      socket.unref();
      const addr = socket.address();
      resolve({
        host: addr.address,
        port: addr.port,
        close: () => new Promise<void>((r) => socket.close(() => r())),
      });
    });
  });
}
