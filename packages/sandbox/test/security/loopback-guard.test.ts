/**
 * A web page must not drive the sandbox: a cross-origin "simple" request (no preflight) and a
 * DNS-rebound one (same-origin, foreign Host) are refused before they reach the control API or a
 * service, in the shape of the service's protocol, and no CORS header is ever sent.
 */
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isLoopbackOrigin } from '../../src/http/loopback-guard.js';
import { corsHeaders, rawRequest } from '../helpers/raw-http.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';

const sb = sandboxPerFile();
const port = () => new URL(sb.endpoint).port;

describe('which hosts and origins are loopback', () => {
  it('admits 127.0.0.0/8, localhost and its subdomains, [::1], with any port', () => {
    for (const host of [
      '127.0.0.1',
      '127.0.0.1:4566',
      '127.255.0.9:1',
      'localhost',
      'LOCALHOST:4566',
      'bucket.localhost:4566',
      'my-bucket.sub.localhost',
      '[::1]',
      '[::1]:4566',
    ])
      expect(isLoopbackHost(host), host).toBe(true);
  });

  it('refuses every other name, a missing host and malformed values', () => {
    for (const host of [
      undefined,
      '',
      'attacker.example:4566',
      '127.0.0.1.nip.io:4566',
      'localhost.attacker.example',
      'notlocalhost',
      '128.0.0.1',
      '127.0.0.256',
      '0.0.0.0:4566',
      '10.0.0.1',
      '[::2]:4566',
      '[::ffff:127.0.0.1]',
      'localhost:',
      'localhost:abc',
      '127.0.0.1:4566:1',
      'localhost.',
    ])
      expect(isLoopbackHost(host), String(host)).toBe(false);
  });

  it('admits pages served from this machine only', () => {
    expect(isLoopbackOrigin('http://localhost:3000')).toBe(true);
    expect(isLoopbackOrigin('https://127.0.0.1')).toBe(true);
    expect(isLoopbackOrigin('http://[::1]:8080')).toBe(true);
    expect(isLoopbackOrigin('http://evil.example')).toBe(false);
    expect(isLoopbackOrigin('null')).toBe(false);
    expect(isLoopbackOrigin('file://')).toBe(false);
    expect(isLoopbackOrigin('http://127.0.0.1.evil.example')).toBe(false);
  });
});

describe('the control API from a web page', () => {
  it('refuses a cross-origin fault injection (text/plain, no preflight) and installs nothing', async () => {
    const r = await rawRequest(sb.endpoint, {
      method: 'POST',
      path: '/_sandbox/faults',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
      body: '{"operation":"*","code":"X"}',
    });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('Forbidden');
    expect(corsHeaders(r)).toEqual([]);
    expect((await sb.control.faults()).faults).toEqual([]);
  });

  it('refuses a DNS-rebound request (foreign Host) and returns no state', async () => {
    const r = await rawRequest(sb.endpoint, {
      path: '/_sandbox/state',
      headers: { Host: `attacker.example:${port()}` },
    });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('vpcs');
    expect(JSON.parse(r.body).error.message).toMatch(/loopback host.*attacker\.example/);
  });

  it('refuses a rebound request even when it carries its own (same) origin', async () => {
    const r = await rawRequest(sb.endpoint, {
      method: 'POST',
      path: '/_sandbox/latency',
      headers: { Host: `rebind.example:${port()}`, Origin: `http://rebind.example:${port()}` },
      body: '{"ms":5000}',
    });
    expect(r.status).toBe(403);
    expect((await sb.control.faults()).latency).toEqual([]);
  });

  it('sends no CORS headers to a preflight, so the browser never sends the request', async () => {
    const preflight = (origin: string) =>
      rawRequest(sb.endpoint, {
        method: 'OPTIONS',
        path: '/_sandbox/faults',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
    const foreign = await preflight('http://evil.example');
    expect(foreign.status).toBe(403);
    expect(corsHeaders(foreign)).toEqual([]);
    const local = await preflight('http://localhost:3000');
    expect(local.status).toBeGreaterThanOrEqual(400);
    expect(corsHeaders(local)).toEqual([]);
  });
});

describe('AWS APIs under a foreign Host or Origin', () => {
  /** A client whose requests carry the given headers, as a rebound (or cross-origin) page's would. */
  function hostile<T extends { middlewareStack: any }>(client: T, headers: Record<string, string>): T {
    client.middlewareStack.add(
      (next: any) => (args: any) => {
        Object.assign(args.request.headers, headers);
        return next(args);
      },
      { step: 'finalizeRequest', name: 'hostileHeaders' },
    );
    return client;
  }
  const config = () => ({
    endpoint: sb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const rebound = () => ({ host: `attacker.example:${port()}` });

  it('answers each protocol with its own refusal, 403', async () => {
    const cases: Array<[() => Promise<unknown>, string]> = [
      [
        () =>
          hostile(new ElasticLoadBalancingV2Client(config()), rebound()).send(
            new DescribeLoadBalancersCommand({}),
          ),
        'AccessDenied',
      ],
      [
        () => hostile(new EC2Client(config()), rebound()).send(new DescribeVpcsCommand({})),
        'UnauthorizedOperation',
      ],
      [
        () => hostile(new ECSClient(config()), rebound()).send(new ListClustersCommand({})),
        'AccessDeniedException',
      ],
      [
        () => hostile(new LambdaClient(config()), rebound()).send(new ListFunctionsCommand({})),
        'AccessDeniedException',
      ],
      [
        () =>
          hostile(new S3Client({ ...config(), forcePathStyle: true }), rebound()).send(
            new ListBucketsCommand({}),
          ),
        'AccessDenied',
      ],
    ];
    for (const [call, name] of cases) {
      const f = await failure(call());
      expect([f.name, f.status]).toEqual([name, 403]);
      expect(f.message).toMatch(/loopback host/);
    }
    expect(await sb.requests()).toEqual([]);
  });

  it('refuses a non-loopback Origin on an AWS API too', async () => {
    const client = hostile(new ElasticLoadBalancingV2Client(config()), { origin: 'http://evil.example' });
    const f = await failure(client.send(new DescribeLoadBalancersCommand({})));
    expect([f.name, f.status]).toEqual(['AccessDenied', 403]);
    expect(f.message).toMatch(/other origins/);
  });

  it('serves the same calls from loopback hosts and origins', async () => {
    const local = hostile(new ElasticLoadBalancingV2Client(config()), {
      host: `localhost:${port()}`,
      origin: 'http://localhost:3000',
    });
    expect((await local.send(new DescribeLoadBalancersCommand({}))).LoadBalancers).toBeDefined();
  });
});
