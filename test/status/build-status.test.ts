/** Verdicts, reasons and hints of the status model, table-driven over small snapshots (no AWS). */
import { describe, expect, it } from 'vitest';
import type { RailSnapshot } from '../../src/lib/observe/snapshot.js';
import { buildStatus } from '../../src/lib/status/build-status.js';
import { targetHint } from '../../src/lib/status/hints.js';
import { ALB, BLUE, GREEN, healthy, NLB_TG, target, task } from './snapshot-fixture.js';

type Case = [string, (s: RailSnapshot) => void, { verdict: string; first?: string; code?: string }];

const cases: Case[] = [
  ['healthy rail', () => {}, { verdict: 'ok' }],
  [
    'one task unhealthy: degraded, with its reason code',
    (s) => {
      s.targetHealth[BLUE]![1] = target('10.0.2.9', 8080, 'unhealthy', 'Target.ResponseCodeMismatch');
    },
    { verdict: 'degraded', first: 'service:web', code: 'Target.ResponseCodeMismatch' },
  ],
  [
    'every task unhealthy: broken',
    (s) => {
      s.targetHealth[BLUE] = [
        target('10.0.1.9', 8080, 'unhealthy', 'Target.Timeout'),
        target('10.0.2.9', 8080, 'unhealthy', 'Target.Timeout'),
      ];
    },
    { verdict: 'broken', first: 'service:web', code: 'Target.Timeout' },
  ],
  [
    'targets still in initial checks: degraded',
    (s) => {
      s.targetHealth[BLUE] = [target('10.0.1.9', 8080, 'initial', 'Elb.InitialHealthChecking')];
    },
    { verdict: 'degraded', code: 'Elb.InitialHealthChecking' },
  ],
  [
    'unhealthy targets in a weight-0 group do not count',
    (s) => {
      s.targetHealth[GREEN] = [target('10.0.3.1', 8080, 'unhealthy', 'Target.Timeout')];
    },
    { verdict: 'ok' },
  ],
  [
    'a draining target is only a warning',
    (s) => {
      s.targetHealth[BLUE]!.push(target('10.0.1.8', 8080, 'draining', 'Target.DeregistrationInProgress'));
    },
    { verdict: 'ok' },
  ],
  [
    'NLB missing: broken, first',
    (s) => {
      s.nlb = undefined;
      s.nlbListeners = [];
    },
    { verdict: 'broken', first: 'nlb', code: 'Nlb.NotFound' },
  ],
  [
    'ALB still provisioning: degraded',
    (s) => {
      s.alb!.State = { Code: 'provisioning' };
    },
    { verdict: 'degraded', first: 'alb', code: 'Alb.Provisioning' },
  ],
  [
    'one ALB IP rotated: missing and stale, degraded',
    (s) => {
      s.albInterfaces = [{ PrivateIpAddress: '10.0.1.5' }, { PrivateIpAddress: '10.0.2.77' }];
      s.targetHealth[NLB_TG]![1] = target('10.0.2.5', 80, 'unhealthy', 'Target.Timeout');
    },
    { verdict: 'degraded', first: 'static-ips', code: 'StaticIps.Missing' },
  ],
  [
    'every ALB IP rotated: broken at static-ips, not at the NLB',
    (s) => {
      s.albInterfaces = [{ PrivateIpAddress: '10.0.1.70' }, { PrivateIpAddress: '10.0.2.77' }];
      s.targetHealth[NLB_TG] = [
        target('10.0.1.5', 80, 'unhealthy', 'Target.Timeout'),
        target('10.0.2.5', 80, 'unhealthy', 'Target.Timeout'),
      ];
    },
    { verdict: 'broken', first: 'static-ips', code: 'StaticIps.NoCurrentAlbIp' },
  ],
  [
    "the NLB group's targets could not be read: not known, not reported as missing IPs",
    (s) => {
      s.targetHealth[NLB_TG] = [];
      s.readErrors = [{ what: 'target health t-nlb-80', message: 'AccessDenied: not allowed' }];
    },
    { verdict: 'broken', first: 'nlb', code: 'Targets.NotRead' },
  ],
  [
    "a service group's targets could not be read: not known, not 'no registered targets'",
    (s) => {
      s.targetHealth[BLUE] = [];
      s.readErrors = [{ what: 'target health web-blue', message: 'Throttling: rate exceeded' }];
    },
    { verdict: 'broken', first: 'service:web', code: 'Targets.NotRead' },
  ],
  [
    'an old IP counted by the sync is pending, not stale',
    (s) => {
      s.albInterfaces = [{ PrivateIpAddress: '10.0.1.5' }, { PrivateIpAddress: '10.0.2.77' }];
      s.targetHealth[NLB_TG]!.push(target('10.0.2.77', 80, 'healthy'));
      s.sync = {
        lastSuccessAt: '2026-01-01T00:09:30Z',
        targetGroups: { [NLB_TG]: { pending: { '10.0.2.5': 2 } } },
      };
    },
    { verdict: 'ok' },
  ],
  [
    'a sync older than three intervals is a warning only',
    (s) => {
      s.sync = { lastSuccessAt: '2026-01-01T00:00:00Z', targetGroups: {} };
    },
    { verdict: 'ok' },
  ],
  [
    'fewer tasks running than desired: degraded',
    (s) => {
      s.services[0]!.runningCount = 1;
    },
    { verdict: 'degraded', first: 'service:web', code: 'Service.BelowDesired' },
  ],
  [
    'no task can be placed: broken with the event',
    (s) => {
      s.services[0]!.runningCount = 0;
      s.targetHealth[BLUE] = [];
      s.services[0]!.events!.unshift({
        createdAt: new Date('2026-01-01T00:05:00Z'),
        message: '(service web) was unable to place a task. Reason: Capacity is unavailable at this time.',
      });
    },
    { verdict: 'broken', first: 'service:web', code: 'Service.CannotPlaceTasks' },
  ],
  [
    'a failed deployment: broken',
    (s) => {
      s.services[0]!.deployments![0]!.rolloutState = 'FAILED';
      s.services[0]!.deployments![0]!.rolloutStateReason =
        'ECS deployment circuit breaker: tasks failed to start.';
    },
    { verdict: 'broken', code: 'Deployment.Failed' },
  ],
  [
    'a broken later hop is named before a degraded earlier one',
    (s) => {
      s.alb!.State = { Code: 'provisioning' };
      s.targetHealth[BLUE] = [target('10.0.1.9', 8080, 'unhealthy', 'Target.Timeout')];
    },
    { verdict: 'broken', first: 'service:web', code: 'Target.Timeout' },
  ],
  [
    'a service rail.yaml declares but ECS lacks: broken',
    (s) => {
      s.selector.expectedServices = [{ name: 'gone', cluster: 'default', ecsNames: ['t-gone', 'gone'] }];
    },
    { verdict: 'broken', first: 'service:gone', code: 'Service.NotFound' },
  ],
  [
    'alb-target mode: the ALB target unhealthy is broken',
    (s) => {
      s.targetGroups[NLB_TG]!.TargetType = 'alb';
      s.targetHealth[NLB_TG] = [
        {
          Target: { Id: ALB, Port: 80 },
          TargetHealth: { State: 'unhealthy', Reason: 'Target.FailedHealthChecks' },
        },
      ];
    },
    { verdict: 'broken', code: 'Target.FailedHealthChecks' },
  ],
];

describe('verdicts', () => {
  it.each(cases)('%s', (_name, change, want) => {
    const snap = healthy();
    change(snap);
    const r = buildStatus(snap);
    expect(r.verdict).toBe(want.verdict);
    if (want.first) expect(r.firstProblem?.hop).toBe(want.first);
    if (want.code) expect(r.firstProblem?.code).toBe(want.code);
    if (want.verdict === 'ok') expect(r.firstProblem).toBeUndefined();
  });
});

describe('model details', () => {
  it('lists unhealthy targets first, joined to their tasks, each with a hint', () => {
    const snap = healthy();
    snap.targetHealth[BLUE]![1] = target('10.0.2.9', 8080, 'unhealthy', 'Target.ResponseCodeMismatch');
    const web = buildStatus(snap).services[0]!;
    expect(web.targetGroups[0]!.targets.map((t) => [t.id, t.state, t.taskId])).toEqual([
      ['10.0.2.9', 'unhealthy', 'b'],
      ['10.0.1.9', 'healthy', 'a'],
    ]);
    expect(web.targetGroups[0]!.targets[0]!.hint).toMatch(/\/health answered outside the matcher 200-299/);
    expect(web.tasks.find((t) => t.id === 'b')!.targets).toEqual([
      { targetGroup: 'web-blue', state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' },
    ]);
  });

  it('groups stopped tasks by stop reason', () => {
    const snap = healthy();
    const stopped = (id: string, reason: string) =>
      task(id, '10.0.9.9', {
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stoppedReason: reason,
        stopCode: 'EssentialContainerExited',
      });
    snap.tasks.push(
      stopped('c', 'Essential container in task exited'),
      stopped('d', 'Essential container in task exited'),
      stopped('e', 'OutOfMemoryError'),
    );
    const web = buildStatus(snap).services[0]!;
    expect(web.stoppedTasks.map((g) => [g.reason, g.count, g.taskIds])).toEqual([
      ['Essential container in task exited', 2, ['c', 'd']],
      ['OutOfMemoryError', 1, ['e']],
    ]);
    expect(web.tasks).toHaveLength(2);
  });

  it('reports pending deregistrations with their counters and the sync age', () => {
    const snap = healthy();
    snap.sync = {
      lastSuccessAt: '2026-01-01T00:00:00Z',
      targetGroups: { [NLB_TG]: { pending: { '10.0.9.1': 2 } } },
    };
    const s = buildStatus(snap).staticIps;
    expect(s.targetGroups[0]!.pendingDeregistration).toEqual([{ ip: '10.0.9.1', count: 2, threshold: 3 }]);
    expect(s.sync).toMatchObject({ source: 'state', ageSeconds: 600, intervalSeconds: 60 });
    expect(s.reasons.map((r) => r.code)).toEqual(['StaticIps.PendingDeregistration', 'Sync.Behind']);
  });

  it('alb-target mode with its target health not read: not known, not "has no ALB target"', () => {
    const snap = healthy();
    snap.targetGroups[NLB_TG]!.TargetType = 'alb';
    snap.targetHealth[NLB_TG] = [];
    snap.readErrors = [{ what: 'target health t-nlb-80', message: 'AccessDenied: not allowed' }];
    const s = buildStatus(snap).staticIps;
    expect(s.reasons.map((r) => r.code)).toEqual(['Targets.NotRead']);
    expect(s.targetGroups[0]).toMatchObject({ name: 't-nlb-80', port: 80, missing: [] });
  });

  it('warns when there is no sync state', () => {
    const snap = healthy();
    snap.sync = undefined;
    const s = buildStatus(snap).staticIps;
    expect(s.sync.source).toBe('none');
    expect(s.reasons).toEqual([expect.objectContaining({ level: 'warning', code: 'Sync.NoState' })]);
  });
});

describe('hints per reason code', () => {
  const tg = {
    Port: 8080,
    HealthCheckPath: '/ready',
    Matcher: { HttpCode: '200' },
    HealthyThresholdCount: 3,
    HealthCheckIntervalSeconds: 10,
  };
  const cases: [string, 'service' | 'alb', RegExp][] = [
    [
      'Target.Timeout',
      'service',
      /tasks' security group must allow the ALB \(sg-alb\) on the container port 8080/,
    ],
    ['Target.ResponseCodeMismatch', 'service', /\/ready answered outside the matcher 200/],
    ['Target.FailedHealthChecks', 'service', /listening on 8080/],
    ['Elb.InitialHealthChecking', 'service', /3 passing checks \(about 30 s\)/],
    ['Target.NotRegistered', 'alb', /rails sync-ips --once/],
    ['Target.NotInUse', 'service', /no listener or rule forwards/],
    ['Target.DeregistrationInProgress', 'alb', /ALB IP rotation/],
    ['Target.InvalidState', 'service', /stopped or terminated/],
    ['Elb.InternalError', 'service', /AWS-side/],
  ];
  it.each(cases)('%s (%s)', (code, kind, pattern) => {
    expect(
      targetHint(code, {
        targetKind: kind,
        targetGroup: tg,
        containerPort: 8080,
        albSecurityGroups: ['sg-alb'],
      }),
    ).toMatch(pattern);
  });
  it('has none for a healthy target', () => {
    expect(targetHint(undefined, { targetKind: 'service' })).toBeUndefined();
  });
});
