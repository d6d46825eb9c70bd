/**
 * The ELB DNS server over UDP with a raw dns-packet client: A records follow the node IPs (at most 8,
 * rotating), NS/SOA name the sandbox itself, NXDOMAIN inside the zone, REFUSED outside it.
 */
import { createSocket } from 'node:dgram';
import dnsPacket from 'dns-packet';

/** dns-packet decodes the rcode, though its types leave it out. */
type Reply = ReturnType<typeof dnsPacket.decode> & { rcode?: string };

import { describe, expect, it } from 'vitest';
import type { ServiceDefinition } from '../../src/core/types.js';
import { ELBV2_STATE_KEY, elbv2State, emptyElbv2State } from '../../src/services/elbv2/state.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';

const ALB = 'internal-web-1234567890.us-east-1.elb.amazonaws.com';
const NLB = 'edge-0123456789abcdef.elb.us-east-1.amazonaws.com';

function node(ip: string) {
  return { ip, networkInterfaceId: `eni-${ip}`, subnetId: 'subnet-1', availabilityZone: 'us-east-1a' };
}

/** Puts two load balancers into state the way the ELBv2 service does (dnsName + nodes). */
const fakeElb: ServiceDefinition = {
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  stateKey: ELBV2_STATE_KEY,
  emptyState: emptyElbv2State,
  operations: {},
  seed(sb) {
    elbv2State(sb).loadBalancers.push(
      { dnsName: ALB, nodes: ['10.0.1.10', '10.0.2.10', '10.0.1.11'].map(node) } as any,
      { dnsName: NLB, nodes: Array.from({ length: 10 }, (_, i) => node(`10.0.3.${i + 1}`)) } as any,
    );
  },
};

const sb = sandboxPerFile(() => startTestSandbox({ services: [fakeElb] }));

let nextId = 1;
function query(name: string, type: string): Promise<Reply> {
  const socket = createSocket('udp4');
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no DNS answer for ${name} ${type}`));
    }, 2000);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(dnsPacket.decode(msg));
    });
    const packet = dnsPacket.encode({
      type: 'query',
      id,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type: type as any, name }],
    });
    socket.send(packet, sb.dns.port, sb.dns.host);
  });
}

const ips = (p: Reply) =>
  (p.answers ?? []).filter((a) => a.type === 'A').map((a) => (a as { data: string }).data);

describe('ELB DNS', () => {
  it('answers A queries with the node IPs, authoritatively, in rotating order', async () => {
    const first = await query(ALB, 'A');
    expect(first.rcode).toBe('NOERROR');
    expect(first.flag_aa).toBe(true);
    expect(first.id).toBeGreaterThan(0);
    expect([...ips(first)].sort()).toEqual(['10.0.1.10', '10.0.1.11', '10.0.2.10']);
    const second = await query(ALB.toUpperCase(), 'A');
    expect([...ips(second)].sort()).toEqual([...ips(first)].sort());
    expect(ips(second)).not.toEqual(ips(first));
  });

  it('caps an answer at 8 records and rotates through all nodes', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const answer = ips(await query(NLB, 'A'));
      expect(answer).toHaveLength(8);
      for (const ip of answer) seen.add(ip);
    }
    expect(seen.size).toBe(10);
  });

  it('follows state: new node IPs are answered at once', async () => {
    const lb = elbv2State(sb.sandbox).loadBalancers.find((l) => l.dnsName === ALB)!;
    lb.nodes = [node('10.0.1.99')];
    expect(ips(await query(ALB, 'A'))).toEqual(['10.0.1.99']);
  });

  it('serves NS and SOA for both ELB zone styles, naming itself with glue', async () => {
    for (const zone of ['us-east-1.elb.amazonaws.com', 'elb.us-east-1.amazonaws.com']) {
      const ns = await query(zone, 'NS');
      expect(ns.answers).toEqual([
        expect.objectContaining({ type: 'NS', name: zone, data: 'ns-1.sandbox.elb.amazonaws.com' }),
      ]);
      expect(ns.additionals).toEqual([
        expect.objectContaining({ type: 'A', name: 'ns-1.sandbox.elb.amazonaws.com', data: '127.0.0.1' }),
      ]);
      const soa = await query(zone, 'SOA');
      expect((soa.answers![0] as any).data.mname).toBe('ns-1.sandbox.elb.amazonaws.com');
    }
    expect(ips(await query('ns-1.sandbox.elb.amazonaws.com', 'A'))).toEqual(['127.0.0.1']);
  });

  it('answers NXDOMAIN for unknown names in the zone and REFUSED outside it', async () => {
    const unknown = await query('internal-gone-1.us-east-1.elb.amazonaws.com', 'A');
    expect(unknown.rcode).toBe('NXDOMAIN');
    expect(unknown.authorities![0]!.type).toBe('SOA');
    const outside = await query('example.com', 'A');
    expect(outside.rcode).toBe('REFUSED');
    expect(outside.answers).toEqual([]);
  });
});
