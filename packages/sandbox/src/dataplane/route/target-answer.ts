/**
 * What happens once the ALB has picked a target (route/README.md "The target"): the ECS task at the
 * IP answers on its container ports while RUNNING or DEACTIVATING, shaped by the injected behaviours
 * that select it; otherwise the connection fails as AWS's 502/504 troubleshooting describes.
 */
import type { AlbTarget } from '../types.js';
import type { RoutingSnapshot, TaskEntry } from './routing-snapshot.js';

/** The ALB gives up connecting to a target after 10 s (504). */
export const TARGET_CONNECT_TIMEOUT_MS = 10_000;

/** Header bytes of a response (status line and the usual headers). */
const HEADER_BYTES = 160;

/** Bytes of the small HTML page the ALB sends with a status it makes up (502, 503, 504...). */
export function elbErrorBytes(status: number): number {
  const text = `${status} ${STATUS_TEXT[status] ?? 'Error'}`;
  return (
    HEADER_BYTES +
    `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n</body>\r\n</html>\r\n`
      .length
  );
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

export interface TargetResult {
  target: AlbTarget;
  elbStatus: number;
  targetStatus?: number;
  /** -1 when the ALB could not dispatch the request (connection failed). */
  requestProcessingMs?: number;
  targetProcessingMs: number;
  responseProcessingMs: number;
  targetConnectionError: boolean;
  sentBytes: number;
  /** ms the ALB spent on the target (waiting, connecting, or until the idle timeout). */
  elapsedMs: number;
}

function albTarget(ip: string, port: number, t: TaskEntry | undefined): AlbTarget {
  if (!t) return { ip, port };
  return {
    ip,
    port,
    taskArn: t.task.taskArn,
    taskId: t.task.taskId,
    clusterName: t.clusterName,
    ...(t.serviceName ? { serviceName: t.serviceName } : {}),
  };
}

function connectionFailed(target: AlbTarget, status: 502 | 504, elapsedMs: number): TargetResult {
  return {
    target,
    elbStatus: status,
    requestProcessingMs: -1,
    targetProcessingMs: -1,
    responseProcessingMs: -1,
    targetConnectionError: true,
    sentBytes: elbErrorBytes(status),
    elapsedMs,
  };
}

/** The target's answer (or the ALB's, when the target gives none). */
export function answerFromTarget(
  snap: RoutingSnapshot,
  ip: string,
  port: number,
  idleTimeoutMs: number,
  random: () => number,
): TargetResult {
  const task = snap.tasks.get(ip);
  const target = albTarget(ip, port, task);
  // No host at the IP: the SYN goes unanswered until the connect timeout.
  if (!task || task.task.lastStatus === 'STOPPED')
    return connectionFailed(target, 504, TARGET_CONNECT_TIMEOUT_MS);
  // The host is there but nothing listens (not running yet, or not this port): a TCP RST.
  const answering = task.task.lastStatus === 'RUNNING' || task.task.lastStatus === 'DEACTIVATING';
  if (!answering || !task.ports.has(port)) return connectionFailed(target, 502, 1);
  const b = task.behaviour;
  const latency = b.latencyMs ?? 2 + random() * 6;
  if (b.resetRate !== undefined && random() < b.resetRate) {
    // The target closed the connection with the request outstanding.
    const elapsedMs = Math.min(latency, idleTimeoutMs);
    return { ...gaveUp(target, 502), elapsedMs };
  }
  if ((b.timeoutRate !== undefined && random() < b.timeoutRate) || latency > idleTimeoutMs)
    return { ...gaveUp(target, 504), elapsedMs: idleTimeoutMs };
  if (b.errorRate !== undefined && random() < b.errorRate) {
    const status = b.status ?? 500;
    return answered(target, status, latency, HEADER_BYTES + 20 + Math.floor(random() * 100));
  }
  return answered(target, 200, latency, HEADER_BYTES + 256 + Math.floor(random() * 1024));
}

/** The request reached the target, which never answered: the ALB answers. */
function gaveUp(target: AlbTarget, status: 502 | 504): Omit<TargetResult, 'elapsedMs'> {
  return {
    target,
    elbStatus: status,
    targetProcessingMs: -1,
    responseProcessingMs: -1,
    targetConnectionError: false,
    sentBytes: elbErrorBytes(status),
  };
}

function answered(target: AlbTarget, status: number, latency: number, bytes: number): TargetResult {
  return {
    target,
    elbStatus: status,
    targetStatus: status,
    targetProcessingMs: latency,
    responseProcessingMs: 0,
    targetConnectionError: false,
    sentBytes: bytes,
    elapsedMs: latency,
  };
}
