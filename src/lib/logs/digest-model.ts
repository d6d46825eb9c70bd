/**
 * What `rails logs alb|nlb` reports: one digest of the access logs in a window, the same document the
 * text view renders and `--json` prints (its fields are the contract in the README).
 */

/** What every digest carries: which load balancer, where its logs are, the window and what was read. */
export interface DigestHeader {
  schemaVersion: 1;
  kind: 'alb' | 'nlb';
  loadBalancer: { name: string; arn: string };
  bucket: string;
  prefix: string;
  window: { start: string; end: string };
  /** False when no log object of the window has been delivered yet. */
  delivered: boolean;
  objects: { listed: number; bytes: number };
  /** Lines read, lines that were not access-log lines, lines outside the window. */
  lines: { read: number; malformed: number; outsideWindow: number };
}

export interface AlbDigest extends DigestHeader {
  kind: 'alb';
  filters: { service?: string; status?: string };
  /** Requests in the window that pass the filters. */
  requests: number;
  byStatus: { elbStatus: string; targetStatus: string; count: number }[];
  byRule: {
    listenerPort: string;
    rulePriority: string;
    service: string;
    requests: number;
    elb5xx: number;
    target5xx: number;
  }[];
  errorReasons: { reason: string; count: number }[];
  targets: {
    ip: string;
    requests: number;
    target5xx: number;
    elb5xx: number;
    avgTargetSeconds: number | null;
  }[];
  slowest: AlbSlowRequest[];
}

export interface AlbSlowRequest {
  time: string;
  request: string;
  elbStatus: string;
  targetStatus: string;
  /** request + target + response processing time, the stages that ran. */
  seconds: number;
  targetSeconds: number | null;
  target: string;
  service: string;
  traceId: string;
  errorReason: string;
}

export interface NlbDigest extends DigestHeader {
  kind: 'nlb';
  /** TLS connections in the window. */
  connections: number;
  byListener: { listener: string; connections: number }[];
  byTls: { protocol: string; cipher: string; connections: number }[];
  tlsAlerts: { alert: string; count: number }[];
  destinations: { ip: string; connections: number; receivedBytes: number; sentBytes: number }[];
  slowestHandshakes: {
    time: string;
    client: string;
    destination: string;
    handshakeMs: number;
    connectionMs: number | null;
    domain: string;
  }[];
}

export type LogDigest = AlbDigest | NlbDigest;
