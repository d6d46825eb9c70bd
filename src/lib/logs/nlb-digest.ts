/**
 * The NLB digest, built one line at a time from the TLS listeners' access logs (docs/aws-behaviour.md
 * §12, "NLB access logs"): connections by listener, by TLS protocol and cipher, incoming TLS alerts,
 * per destination, and the slowest handshakes.
 */

import { ipOf } from './alb-fields.js';
import type { DigestHeader, NlbDigest } from './digest-model.js';
import { scanFields } from './field-scanner.js';
import { ranked, TopList } from './top-list.js';

/** Field positions (AWS appends new fields at the end; readers ignore them). */
export const NLB = {
  type: 0,
  version: 1,
  time: 2,
  elb: 3,
  listener: 4,
  client: 5,
  destination: 6,
  connectionTime: 7,
  tlsHandshakeTime: 8,
  receivedBytes: 9,
  sentBytes: 10,
  incomingTlsAlert: 11,
  chosenCertArn: 12,
  chosenCertSerial: 13,
  tlsCipher: 14,
  tlsProtocolVersion: 15,
  tlsNamedGroup: 16,
  domainName: 17,
} as const;

const NLB_MIN_FIELDS = NLB.domainName + 1;

type Body = Omit<NlbDigest, keyof DigestHeader>;

const num = (t: string) => {
  const n = Number(t);
  return t !== '-' && Number.isFinite(n) && n >= 0 ? n : undefined;
};

export class NlbDigestBuilder {
  lines = 0;
  malformed = 0;
  outsideWindow = 0;
  private connections = 0;
  private readonly fields: string[] = [];
  private readonly listeners = new Map<string, { listener: string; count: number }>();
  private readonly tls = new Map<string, { protocol: string; cipher: string; count: number }>();
  private readonly alerts = new Map<string, { alert: string; count: number }>();
  private readonly destinations = new Map<string, { ip: string; count: number; rx: number; tx: number }>();
  private readonly slow = new TopList<Body['slowestHandshakes'][number]>(10);

  constructor(private readonly window: { from: string; to: string }) {}

  /** Takes one line; true when it is a TLS connection in the window. */
  add(line: string): boolean {
    this.lines++;
    const f = this.fields;
    const n = scanFields(line, f);
    if (n < NLB_MIN_FIELDS || f[NLB.type] !== 'tls') {
      this.malformed++;
      return false;
    }
    const time = f[NLB.time]!;
    if (time < this.window.from || time > this.window.to) {
      this.outsideWindow++;
      return false;
    }
    this.connections++;
    bump(this.listeners, f[NLB.listener]!, () => ({ listener: f[NLB.listener]! }));
    const protocol = f[NLB.tlsProtocolVersion]!;
    const cipher = f[NLB.tlsCipher]!;
    bump(this.tls, `${protocol} ${cipher}`, () => ({ protocol, cipher }));
    const alert = f[NLB.incomingTlsAlert]!;
    if (alert !== '-') bump(this.alerts, alert, () => ({ alert }));
    const ip = ipOf(f[NLB.destination]!);
    const d = bump(this.destinations, ip, () => ({ ip, rx: 0, tx: 0 }));
    d.rx += num(f[NLB.receivedBytes]!) ?? 0;
    d.tx += num(f[NLB.sentBytes]!) ?? 0;
    const handshake = num(f[NLB.tlsHandshakeTime]!);
    if (handshake !== undefined && this.slow.wants(handshake))
      this.slow.add(handshake, {
        time,
        client: f[NLB.client]!,
        destination: f[NLB.destination]!,
        handshakeMs: handshake,
        connectionMs: num(f[NLB.connectionTime]!) ?? null,
        domain: f[NLB.domainName]!,
      });
    return true;
  }

  result(): Body {
    return {
      connections: this.connections,
      byListener: ranked(this.listeners).map((l) => ({ listener: l.listener, connections: l.count })),
      byTls: ranked(this.tls).map((t) => ({ protocol: t.protocol, cipher: t.cipher, connections: t.count })),
      tlsAlerts: ranked(this.alerts, 10),
      destinations: ranked(this.destinations, 20).map((d) => ({
        ip: d.ip,
        connections: d.count,
        receivedBytes: d.rx,
        sentBytes: d.tx,
      })),
      slowestHandshakes: this.slow.list(),
    };
  }
}

function bump<V extends object>(map: Map<string, V & { count: number }>, key: string, make: () => V) {
  let v = map.get(key);
  if (!v) {
    v = { ...make(), count: 0 };
    map.set(key, v);
  }
  v.count++;
  return v;
}
