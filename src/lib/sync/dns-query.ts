/**
 * One DNS question over UDP to one server (dns-packet for the wire format). Asking a server directly,
 * not the system resolver, is what keeps caches out of the way: the original Lambda asks the ELB
 * zone's authoritative servers, and tests ask the sandbox's DNS server.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import dnsPacket from 'dns-packet';

export interface DnsServer {
  host: string;
  port: number;
}

export interface DnsAnswer {
  /** DNS response code: NOERROR, NXDOMAIN, SERVFAIL... */
  rcode: string;
  /** The answers of the asked type (A: IPv4 strings; NS: host names). */
  records: string[];
  /** Additional-section A records by name (glue for NS answers). */
  glue: Map<string, string[]>;
}

/** Parses `host:port` or `[v6]:port`. */
export function parseDnsServer(text: string): DnsServer {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  if (!m) throw new Error(`'${text}' is not host:port`);
  return { host: m[1]!, port: Number(m[2]) };
}

let nextId = Math.floor(Math.random() * 0xffff);

/** Sends one question and waits for the matching answer; rejects on timeout or a socket error. */
export function queryDns(
  server: DnsServer,
  name: string,
  type: 'A' | 'NS',
  timeoutMs = 2000,
): Promise<DnsAnswer> {
  return new Promise((resolve, reject) => {
    nextId = (nextId + 1) & 0xffff;
    const id = nextId;
    const socket = createSocket(isIPv6(server.host) ? 'udp6' : 'udp4');
    const done = (err: Error | undefined, answer?: DnsAnswer) => {
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(answer!);
    };
    const timer = setTimeout(
      () => done(new Error(`no answer from ${server.host}:${server.port} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('error', (err) => done(err));
    socket.on('message', (msg) => {
      let packet: dnsPacket.Packet;
      try {
        packet = dnsPacket.decode(msg);
      } catch {
        return; // not a DNS answer: keep waiting for ours
      }
      if (packet.id !== id) return;
      const records: string[] = [];
      for (const a of packet.answers ?? []) if (a.type === type) records.push(String(a.data));
      const glue = new Map<string, string[]>();
      for (const a of packet.additionals ?? []) {
        if (a.type !== 'A') continue;
        glue.set(a.name.toLowerCase(), [...(glue.get(a.name.toLowerCase()) ?? []), String(a.data)]);
      }
      const rcode = (packet as { rcode?: string }).rcode ?? 'NOERROR';
      done(undefined, { rcode, records, glue });
    });
    const query = dnsPacket.encode({
      type: 'query',
      id,
      flags: 0, // no recursion wanted: we ask the authority itself
      questions: [{ type, name, class: 'IN' }],
    });
    socket.send(query, server.port, server.host, (err) => {
      if (err) done(err);
    });
  });
}
