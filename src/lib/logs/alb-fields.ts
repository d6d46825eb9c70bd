/**
 * The positions of the ALB access-log fields rails reads (docs/aws-behaviour.md §12, "ALB access
 * logs"). Fields AWS appends later come after these and are ignored; lines from before a field existed
 * end early, and a missing field reads as `-`.
 */
export const ALB = {
  type: 0,
  time: 1,
  elb: 2,
  client: 3,
  target: 4,
  requestProcessingTime: 5,
  targetProcessingTime: 6,
  responseProcessingTime: 7,
  elbStatusCode: 8,
  targetStatusCode: 9,
  receivedBytes: 10,
  sentBytes: 11,
  request: 12,
  userAgent: 13,
  sslCipher: 14,
  sslProtocol: 15,
  targetGroupArn: 16,
  traceId: 17,
  domainName: 18,
  chosenCertArn: 19,
  matchedRulePriority: 20,
  requestCreationTime: 21,
  actionsExecuted: 22,
  redirectUrl: 23,
  errorReason: 24,
} as const;

/** The request types AWS writes in the first field. */
export const ALB_TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);

/** The fields the digest reads: the scanner steps over the others and stops after error_reason. */
export const ALB_DIGEST_FIELDS = [
  ALB.type,
  ALB.time,
  ALB.target,
  ALB.requestProcessingTime,
  ALB.targetProcessingTime,
  ALB.responseProcessingTime,
  ALB.elbStatusCode,
  ALB.targetStatusCode,
  ALB.request,
  ALB.targetGroupArn,
  ALB.traceId,
  ALB.matchedRulePriority,
  ALB.errorReason,
];

/** Fewer fields than this (through `"request"`) and the line is not an ALB request line. */
export const ALB_MIN_FIELDS = ALB.request + 1;

/** The field, or `-` when the line ends before it. */
export function field(fields: string[], count: number, at: number): string {
  return at < count ? fields[at]! : '-';
}

/** The listener port of a request field (`GET https://host:443/path HTTP/1.1`), or '' when it has none. */
export function listenerPort(request: string): string {
  const scheme = request.indexOf('://');
  if (scheme < 0) return '';
  const slash = request.indexOf('/', scheme + 3);
  const hostPort = request.slice(scheme + 3, slash < 0 ? request.indexOf(' ', scheme + 3) : slash);
  const colon = hostPort.lastIndexOf(':');
  return colon < 0 || hostPort.endsWith(']') ? '' : hostPort.slice(colon + 1);
}

/** The IP of an `ip:port` field (`-` stays `-`); IPv6 targets are written `[addr]:port`. */
export function ipOf(ipPort: string): string {
  const colon = ipPort.lastIndexOf(':');
  if (colon < 0) return ipPort;
  const ip = ipPort.slice(0, colon);
  return ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

/** Seconds as the log writes them; -1 (the request never reached that stage) and `-` count as undefined. */
export function seconds(text: string): number | undefined {
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && text !== '' ? n : undefined;
}
