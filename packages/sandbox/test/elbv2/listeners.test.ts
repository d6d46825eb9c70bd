/** ELBv2 listeners against the sandbox with the real SDK: protocols, certificates, duplicates, target groups. */
import {
  CreateListenerCommand,
  type CreateListenerCommandInput,
  DeleteListenerCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeSSLPoliciesCommand,
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_CERTIFICATE_ARN } from '../../src/core/seed-ids.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { createAlb, createForwardListener, createNlb, createTg, startElbSandbox } from './fixture.js';

const t = sandboxPerFile(startElbSandbox);
let albArn: string;
let nlbArn: string;
let httpTg: string;
let tcpTg: string;
beforeAll(async () => {
  albArn = (await createAlb(t.sdk.elbv2)).LoadBalancerArn!;
  nlbArn = (await createNlb(t.sdk.elbv2)).LoadBalancerArn!;
  httpTg = (await createTg(t.sdk.elbv2)).TargetGroupArn!;
  tcpTg = (await createTg(t.sdk.elbv2, { Protocol: 'TCP', Port: 443 })).TargetGroupArn!;
});

const create = (input: Partial<CreateListenerCommandInput>) =>
  t.sdk.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: albArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: httpTg }],
      ...input,
    }),
  );

describe('CreateListener', () => {
  it('protocols per LB type: TCP on an ALB and HTTP on an NLB are ValidationError', async () => {
    await expect(create({ Protocol: 'TCP', Port: 1001 })).rejects.toMatchObject({
      name: 'ValidationError',
      message: "Listener protocol 'TCP' must be one of 'HTTP, HTTPS'",
    });
    await expect(
      create({
        LoadBalancerArn: nlbArn,
        Protocol: 'HTTP',
        Port: 1002,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tcpTg }],
      }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('HTTPS needs exactly one certificate; HTTP takes none', async () => {
    await expect(create({ Protocol: 'HTTPS', Port: 1443 })).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'A certificate must be specified for HTTPS listeners',
    });
    await expect(
      create({ Port: 1080, Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }] }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'A certificate cannot be specified for HTTP listeners',
    });
    await expect(
      create({
        Protocol: 'HTTPS',
        Port: 1444,
        Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }, { CertificateArn: SEED_CERTIFICATE_ARN }],
      }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('an unknown certificate is CertificateNotFound; an unknown policy SSLPolicyNotFound', async () => {
    await expect(
      create({
        Protocol: 'HTTPS',
        Port: 2443,
        Certificates: [
          {
            CertificateArn:
              'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
          },
        ],
      }),
    ).rejects.toMatchObject({ name: 'CertificateNotFoundException' });
    await expect(
      create({
        Protocol: 'HTTPS',
        Port: 2444,
        Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
        SslPolicy: 'Nope',
      }),
    ).rejects.toMatchObject({ name: 'SSLPolicyNotFoundException' });
  });

  it('HTTPS with the seeded certificate gets the default SSL policy; ARN in AWS format', async () => {
    const out = await create({
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
    });
    const l = out.Listeners![0]!;
    expect(l.SslPolicy).toBe('ELBSecurityPolicy-2016-08');
    expect(l.Certificates).toEqual([{ CertificateArn: SEED_CERTIFICATE_ARN }]);
    const lbTail = albArn.split(':loadbalancer/')[1];
    expect(l.ListenerArn).toMatch(new RegExp(`:listener/${lbTail}/[0-9a-f]{16}$`));
  });

  it('an identical repeat returns the listener; different settings give DuplicateListener (moto never detects it)', async () => {
    const first = (await create({ Port: 8081 })).Listeners![0]!;
    const again = (await create({ Port: 8081 })).Listeners![0]!;
    expect(again.ListenerArn).toBe(first.ListenerArn);
    await expect(
      create({
        Port: 8081,
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      }),
    ).rejects.toMatchObject({ name: 'DuplicateListenerException' });
    const all = await t.sdk.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: albArn }));
    expect(all.Listeners!.filter((l) => l.Port === 8081)).toHaveLength(1);
  });

  it('a target group serves one load balancer: TargetGroupAssociationLimit', async () => {
    const other = await createAlb(t.sdk.elbv2);
    await create({ Port: 8082 });
    await expect(create({ LoadBalancerArn: other.LoadBalancerArn, Port: 80 })).rejects.toMatchObject({
      name: 'TargetGroupAssociationLimitException',
    });
  });

  it('an HTTP target group on a TCP listener is IncompatibleProtocols', async () => {
    await expect(
      create({
        LoadBalancerArn: nlbArn,
        Protocol: 'TCP',
        Port: 81,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: httpTg }],
      }),
    ).rejects.toMatchObject({ name: 'IncompatibleProtocolsException' });
  });

  it('an alb-type target group needs a TCP listener', async () => {
    const albTg = (await createTg(t.sdk.elbv2, { TargetType: 'alb', Protocol: 'TCP', Port: 80 }))
      .TargetGroupArn!;
    await expect(
      create({
        LoadBalancerArn: nlbArn,
        Protocol: 'TLS',
        Port: 444,
        Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: albTg }],
      }),
    ).rejects.toMatchObject({ name: 'IncompatibleProtocolsException' });
    const ok = await create({
      LoadBalancerArn: nlbArn,
      Protocol: 'TCP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: albTg }],
    });
    expect(ok.Listeners![0]!.Protocol).toBe('TCP');
  });

  it('an unknown target group is TargetGroupNotFound; an unknown LB LoadBalancerNotFound', async () => {
    await expect(
      create({
        Port: 8090,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: `${httpTg.slice(0, -16)}ffffffffffffffff` }],
      }),
    ).rejects.toMatchObject({
      name: 'TargetGroupNotFoundException',
    });
    await expect(
      create({ LoadBalancerArn: `${albArn.slice(0, -16)}ffffffffffffffff`, Port: 8091 }),
    ).rejects.toMatchObject({
      name: 'LoadBalancerNotFoundException',
    });
  });

  it('the target group lists the load balancer once a listener forwards to it', async () => {
    const tg = await createTg(t.sdk.elbv2);
    const lb = await createAlb(t.sdk.elbv2);
    await createForwardListener(t.sdk.elbv2, lb.LoadBalancerArn!, tg.TargetGroupArn!);
    const out = await t.sdk.elbv2.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [tg.TargetGroupArn!] }),
    );
    expect(out.TargetGroups![0]!.LoadBalancerArns).toEqual([lb.LoadBalancerArn]);
    const byLb = await t.sdk.elbv2.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    expect(byLb.TargetGroups!.map((g) => g.TargetGroupArn)).toEqual([tg.TargetGroupArn]);
  });
});

describe('Describe/Modify/DeleteListener', () => {
  it('DescribeListeners needs exactly one of LoadBalancerArn or ListenerArns', async () => {
    await expect(t.sdk.elbv2.send(new DescribeListenersCommand({}))).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(
      t.sdk.elbv2.send(
        new DescribeListenersCommand({
          ListenerArns: [`${albArn.replace(':loadbalancer/', ':listener/')}/0123456789abcdef`],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ListenerNotFoundException' });
  });

  it('ModifyListener moves the port (DuplicateListener on a taken one) and switches to HTTPS', async () => {
    const l = (await create({ Port: 9001 })).Listeners![0]!;
    await create({ Port: 9002 });
    await expect(
      t.sdk.elbv2.send(new ModifyListenerCommand({ ListenerArn: l.ListenerArn, Port: 9002 })),
    ).rejects.toMatchObject({
      name: 'DuplicateListenerException',
    });
    await expect(
      t.sdk.elbv2.send(new ModifyListenerCommand({ ListenerArn: l.ListenerArn, Protocol: 'HTTPS' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
    const out = await t.sdk.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: l.ListenerArn,
        Protocol: 'HTTPS',
        Port: 9443,
        Certificates: [{ CertificateArn: SEED_CERTIFICATE_ARN }],
      }),
    );
    expect(out.Listeners![0]).toMatchObject({
      Protocol: 'HTTPS',
      Port: 9443,
      SslPolicy: 'ELBSecurityPolicy-2016-08',
    });
  });

  it('ModifyListener on an NLB keeps its forward action valid; a UDP listener cannot keep a TCP group', async () => {
    const nlb = (await createNlb(t.sdk.elbv2)).LoadBalancerArn!;
    const tg = (await createTg(t.sdk.elbv2, { Protocol: 'TCP', Port: 443 })).TargetGroupArn!;
    const l = (
      await create({
        LoadBalancerArn: nlb,
        Protocol: 'TCP',
        Port: 443,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }],
      })
    ).Listeners![0]!;
    const moved = await t.sdk.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: l.ListenerArn, Port: 8443 }),
    );
    expect(moved.Listeners![0]).toMatchObject({
      Port: 8443,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }],
    });
    await expect(
      t.sdk.elbv2.send(new ModifyListenerCommand({ ListenerArn: l.ListenerArn, Protocol: 'UDP' })),
    ).rejects.toMatchObject({ name: 'IncompatibleProtocolsException' });
  });

  it('DeleteListener removes it and its rules; unknown is ListenerNotFound', async () => {
    const l = (await create({ Port: 9100 })).Listeners![0]!;
    await t.sdk.elbv2.send(new DeleteListenerCommand({ ListenerArn: l.ListenerArn }));
    await expect(
      t.sdk.elbv2.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn })),
    ).rejects.toMatchObject({
      name: 'ListenerNotFoundException',
    });
    await expect(
      t.sdk.elbv2.send(new DeleteListenerCommand({ ListenerArn: l.ListenerArn })),
    ).rejects.toMatchObject({
      name: 'ListenerNotFoundException',
    });
  });

  it('DescribeSSLPolicies lists known policies and refuses unknown ones', async () => {
    const out = await t.sdk.elbv2.send(
      new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-TLS13-1-2-2021-06'] }),
    );
    expect(out.SslPolicies![0]!.SslProtocols).toContain('TLSv1.3');
    await expect(t.sdk.elbv2.send(new DescribeSSLPoliciesCommand({ Names: ['nope'] }))).rejects.toMatchObject(
      {
        name: 'SSLPolicyNotFoundException',
      },
    );
  });
});
