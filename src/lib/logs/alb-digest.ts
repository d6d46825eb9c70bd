/**
 * The ALB digest, built one line at a time: requests by ELB × target status, by matched rule and the
 * service behind it, the top error reasons, per target IP, and the slowest requests with their trace
 * ids. Lines outside the window or the filters are counted apart and otherwise skipped.
 */
import {
  ALB,
  ALB_DIGEST_FIELDS,
  ALB_MIN_FIELDS,
  ALB_TYPES,
  field,
  ipOf,
  listenerPort,
  seconds,
} from './alb-fields.js';
import type { AlbDigest, AlbSlowRequest, DigestHeader } from './digest-model.js';
import { fieldMask, scanFields } from './field-scanner.js';
import type { StatusFilter } from './status-filter.js';
import { ranked, TopList } from './top-list.js';

/** Which service a request served: by its target group, else by the rule that matched it. */
export interface AlbServices {
  /** Target group ARN -> service. */
  byTargetGroup: Map<string, string>;
  /** `<listener port>:<rule priority>` -> service (only rules that forward). */
  byRule: Map<string, string>;
}

export interface AlbFilter {
  /** Text bounds of the line's time (log-window.ts timeBounds). */
  from: string;
  to: string;
  service?: string;
  status?: StatusFilter;
}

/** How many error reasons, targets and slow requests the digest lists. */
export const TOP = { errorReasons: 10, targets: 20, slowest: 10 } as const;

const KEEP = fieldMask(ALB_DIGEST_FIELDS);
const LIMIT = ALB.errorReason + 1;

type Body = Omit<AlbDigest, keyof DigestHeader | 'filters'>;

export class AlbDigestBuilder {
  lines = 0;
  malformed = 0;
  outsideWindow = 0;
  private requests = 0;
  private readonly fields: string[] = [];
  private readonly byStatus = new Map<string, { elbStatus: string; targetStatus: string; count: number }>();
  private readonly byRule = new Map<string, Body['byRule'][number] & { count: number }>();
  private readonly errors = new Map<string, { reason: string; count: number }>();
  private readonly targets = new Map<
    string,
    { ip: string; count: number; t5: number; e5: number; sum: number; timed: number }
  >();
  private readonly slow = new TopList<AlbSlowRequest>(TOP.slowest);

  constructor(
    private readonly services: AlbServices,
    private readonly filter: AlbFilter,
  ) {}

  /** Takes one line; true when it is a request in the window that passes the filters. */
  add(line: string): boolean {
    this.lines++;
    const f = this.fields;
    const n = scanFields(line, f, KEEP, LIMIT);
    if (n < ALB_MIN_FIELDS || !ALB_TYPES.has(f[ALB.type]!)) {
      this.malformed++;
      return false;
    }
    const time = f[ALB.time]!;
    if (time < this.filter.from || time > this.filter.to) {
      this.outsideWindow++;
      return false;
    }
    const elbStatus = f[ALB.elbStatusCode]!;
    if (this.filter.status && !this.filter.status(elbStatus)) return false;
    const request = f[ALB.request]!;
    const port = listenerPort(request);
    const priority = field(f, n, ALB.matchedRulePriority);
    const tg = field(f, n, ALB.targetGroupArn);
    const service =
      this.services.byTargetGroup.get(tg) ?? this.services.byRule.get(`${port}:${priority}`) ?? '-';
    if (this.filter.service !== undefined && service !== this.filter.service) return false;
    this.count(f, n, { time, elbStatus, request, port, priority, service });
    return true;
  }

  private count(
    f: string[],
    n: number,
    r: { time: string; elbStatus: string; request: string; port: string; priority: string; service: string },
  ): void {
    this.requests++;
    const targetStatus = f[ALB.targetStatusCode]!;
    const elb5 = r.elbStatus[0] === '5' ? 1 : 0;
    const target5 = targetStatus[0] === '5' ? 1 : 0;
    const statusKey = `${r.elbStatus} ${targetStatus}`;
    const s = this.byStatus.get(statusKey);
    if (s) s.count++;
    else this.byStatus.set(statusKey, { elbStatus: r.elbStatus, targetStatus, count: 1 });

    const ruleKey = `${r.port}|${r.priority}|${r.service}`;
    const rule = this.byRule.get(ruleKey);
    if (rule) {
      rule.count++;
      rule.elb5xx += elb5;
      rule.target5xx += target5;
    } else
      this.byRule.set(ruleKey, {
        listenerPort: r.port,
        rulePriority: r.priority,
        service: r.service,
        requests: 0,
        count: 1,
        elb5xx: elb5,
        target5xx: target5,
      });

    const reason = field(f, n, ALB.errorReason);
    if (reason !== '-' && reason !== '') {
      const e = this.errors.get(reason);
      if (e) e.count++;
      else this.errors.set(reason, { reason, count: 1 });
    }

    const target = f[ALB.target]!;
    const targetSeconds = seconds(f[ALB.targetProcessingTime]!);
    if (target !== '-') {
      const ip = ipOf(target);
      let t = this.targets.get(ip);
      if (!t) {
        t = { ip, count: 0, t5: 0, e5: 0, sum: 0, timed: 0 };
        this.targets.set(ip, t);
      }
      t.count++;
      t.t5 += target5;
      t.e5 += elb5;
      if (targetSeconds !== undefined) {
        t.sum += targetSeconds;
        t.timed++;
      }
    }

    const total =
      (seconds(f[ALB.requestProcessingTime]!) ?? 0) +
      (targetSeconds ?? 0) +
      (seconds(f[ALB.responseProcessingTime]!) ?? 0);
    if (this.slow.wants(total))
      this.slow.add(total, {
        time: r.time,
        request: r.request,
        elbStatus: r.elbStatus,
        targetStatus,
        seconds: Math.round(total * 1e6) / 1e6,
        targetSeconds: targetSeconds ?? null,
        target,
        service: r.service,
        traceId: field(f, n, ALB.traceId),
        errorReason: reason,
      });
  }

  /** The digest's counts (the header comes from the reader). */
  result(): Body {
    return {
      requests: this.requests,
      byStatus: ranked(this.byStatus),
      byRule: ranked(this.byRule).map(({ count, ...rest }) => ({ ...rest, requests: count })),
      errorReasons: ranked(this.errors, TOP.errorReasons),
      targets: ranked(this.targets, TOP.targets).map((t) => ({
        ip: t.ip,
        requests: t.count,
        target5xx: t.t5,
        elb5xx: t.e5,
        avgTargetSeconds: t.timed ? Math.round((t.sum / t.timed) * 1e6) / 1e6 : null,
      })),
      slowest: this.slow.list(),
    };
  }
}
