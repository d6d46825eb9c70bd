/** The trace over a snapshot (no AWS): outcomes the end-to-end rail does not reach. */
import { describe, expect, it } from 'vitest';
import { renderTrace } from '../../src/commands/inspect/render-trace.js';
import { parseTraceRequest, traceRequest } from '../../src/lib/trace/trace-route.js';
import { ALB, BLUE, healthy, NLB_TG, target } from '../status/snapshot-fixture.js';

const url = 'http://api.abq.com/web/x?y=1';
const req = () => parseTraceRequest({ url });

/** The fixture rail with its ALB rules on an HTTP:80 listener, the port the NLB's targets use. */
function rail80() {
  const snap = healthy();
  snap.albListeners = [{ ListenerArn: 'l443', Port: 80, Protocol: 'HTTP' }];
  return snap;
}

describe('traceRequest', () => {
  it('forwards to the weighted group that has healthy targets, to its service', () => {
    const r = traceRequest(rail80(), req(), url);
    expect(r.outcome).toBe('forwarded');
    expect(r.rule?.priority).toBe('10');
    expect(r.services).toEqual(['web']);
    expect(r.albIps.reachable).toEqual(['10.0.1.5', '10.0.2.5']);
  });

  it('no healthy target in a group with weight: the request fails', () => {
    const snap = rail80();
    snap.targetHealth[BLUE] = [target('10.0.1.9', 8080, 'unhealthy', 'Target.Timeout')];
    const r = traceRequest(snap, req(), url);
    expect(r.outcome).toBe('no-healthy-targets');
    expect(r.services).toEqual([]);
  });

  it("a weighted group whose targets could not be read: not known, not 'no healthy targets'", () => {
    const snap = rail80();
    snap.targetHealth[BLUE] = [];
    snap.readErrors = [{ what: 'target health web-blue', message: 'AccessDenied: not allowed' }];
    const r = traceRequest(snap, req(), url);
    expect(r.outcome).toBe('targets-not-read');
    expect(r.summary).toMatch(/forwards to web-blue, whose targets could not be read/);
    const action = r.action as { targetGroups: { name: string; targetsNotRead?: true }[] };
    expect(action.targetGroups.find((t) => t.name === 'web-blue')?.targetsNotRead).toBe(true);
    expect(renderTrace(r)).toMatch(/web-blue weight \d+ \(targets not read\)/);
  });

  it("the NLB's targets not read: which ALB IPs it reaches is not known, not 'none'", () => {
    const snap = rail80();
    delete snap.targetGroups[NLB_TG];
    delete snap.targetHealth[NLB_TG];
    snap.readErrors = [{ what: 'NLB target groups', message: 'AccessDenied: not allowed' }];
    const r = traceRequest(snap, req(), url);
    expect(r.summary).toMatch(/the NLB's targets could not be read/);
    expect(r.summary).not.toMatch(/reaches none of the ALB's current IPs/);
  });

  it('the NLB reaching no current ALB IP is said in the summary', () => {
    const snap = rail80();
    snap.albInterfaces = [{ PrivateIpAddress: '10.0.9.9' }];
    const r = traceRequest(snap, req(), url);
    expect(r.albIps.reachable).toEqual([]);
    expect(r.summary).toMatch(/reaches none of the ALB's current IPs/);
  });

  it('alb-target mode: the ALB is reached through its ARN target', () => {
    const snap = rail80();
    snap.targetGroups[NLB_TG]!.TargetType = 'alb';
    snap.targetHealth[NLB_TG] = [{ Target: { Id: ALB, Port: 80 }, TargetHealth: { State: 'healthy' } }];
    const r = traceRequest(snap, req(), url);
    expect(r.albIps.reachable).toEqual(['10.0.1.5', '10.0.2.5']);
    expect(r.alb.listener).toEqual({ port: 80, protocol: 'HTTP' });
    expect(r.outcome).toBe('forwarded');
  });

  it('no ALB listener on the port the NLB targets', () => {
    const r = traceRequest(healthy(), req(), url);
    expect(r.alb.listener).toBeUndefined();
    expect(r.outcome).toBe('no-alb-listener');
  });
});

describe('parseTraceRequest', () => {
  it('keeps the path apart from the query and lowercases header names', () => {
    expect(
      parseTraceRequest({ url: 'https://A.com:8443/p/q?x=1&y', headers: ['X-Canary=yes'], method: 'POST' }),
    ).toMatchObject({
      protocol: 'https',
      host: 'a.com',
      port: 8443,
      path: '/p/q',
      query: 'x=1&y',
      method: 'POST',
      headers: { 'x-canary': 'yes', host: 'a.com:8443' },
    });
  });
  it.each([['not a url'], ['ftp://a.com/']])('refuses %s', (u) => {
    expect(() => parseTraceRequest({ url: u })).toThrow(/not a URL|unsupported scheme/);
  });
});
