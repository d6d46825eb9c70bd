/** VPC links v1 and v2 through the SDK: lifecycle on the sandbox clock, FAILED, INACTIVE, in-use deletes, quota. */
import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateVpcLinkCommand,
  DeleteRestApiCommand,
  DeleteVpcLinkCommand,
  GetVpcLinkCommand,
  GetVpcLinksCommand,
  PutIntegrationCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CreateVpcLinkCommand as CreateV2,
  DeleteVpcLinkCommand as DeleteV2,
  GetVpcLinkCommand as GetV2,
  GetVpcLinksCommand as GetVpcLinksV2,
} from '@aws-sdk/client-apigatewayv2';
import { DeleteLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { createAlb, createNlb, DEFAULT_SG, SUBNETS } from '../elbv2/fixture.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';
import { createV1Link, proxyResource } from './fixture.js';

const sb = sandboxPerFile(() => startTestSandbox({ settings: { provisionMs: 50 } }));
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('VPC links v1', () => {
  it('is PENDING (202) for about two minutes of sandbox time, then AVAILABLE', async () => {
    const nlb = await createNlb(sb.sdk.elbv2);
    const link = await createV1Link(sb, nlb.LoadBalancerArn!);
    expect(link).toMatchObject({
      status: 'PENDING',
      targetArns: [nlb.LoadBalancerArn],
      tags: { 'rails:stage': 'acc' },
    });
    await sb.control.advanceClock(MINUTE);
    expect((await sb.sdk.apigw.send(new GetVpcLinkCommand({ vpcLinkId: link.id }))).status).toBe('PENDING');
    await sb.control.advanceClock(MINUTE);
    const ready = await sb.sdk.apigw.send(new GetVpcLinkCommand({ vpcLinkId: link.id }));
    expect(ready).toMatchObject({ status: 'AVAILABLE', statusMessage: 'Your vpc link is ready for use' });
    const list = await sb.sdk.apigw.send(new GetVpcLinksCommand({}));
    expect(list.items?.map((l) => l.id)).toContain(link.id);
  });

  it('accepts an ALB ARN and then fails, as AWS does: FAILED "NLB ARN is malformed"', async () => {
    const alb = await createAlb(sb.sdk.elbv2);
    const link = await createV1Link(sb, alb.LoadBalancerArn!);
    expect(link.status).toBe('PENDING');
    await sb.control.advanceClock(3 * MINUTE);
    const failed = await sb.sdk.apigw.send(new GetVpcLinkCommand({ vpcLinkId: link.id }));
    expect(failed).toMatchObject({ status: 'FAILED', statusMessage: 'NLB ARN is malformed' });
  });

  it('refuses more than one target, and holds its NLB: ResourceInUse until the link is deleted', async () => {
    const a = await createNlb(sb.sdk.elbv2);
    const b = await createNlb(sb.sdk.elbv2);
    const two = await failure(
      sb.sdk.apigw.send(
        new CreateVpcLinkCommand({ name: 'x', targetArns: [a.LoadBalancerArn!, b.LoadBalancerArn!] }),
      ),
    );
    expect(two).toMatchObject({
      name: 'BadRequestException',
      message: 'More than one target arn specified for vpc link.',
    });
    const link = await createV1Link(sb, a.LoadBalancerArn!);
    await sb.control.advanceClock(3 * MINUTE);
    const inUse = await failure(
      sb.sdk.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: a.LoadBalancerArn })),
    );
    expect(inUse).toMatchObject({
      name: 'ResourceInUseException',
      message: `Load balancer '${a.LoadBalancerArn}' cannot be deleted because it is currently associated with another service`,
    });
    expect((await sb.sdk.apigw.send(new GetVpcLinkCommand({ vpcLinkId: link.id }))).status).toBe('AVAILABLE');
    await sb.sdk.apigw.send(new DeleteVpcLinkCommand({ vpcLinkId: link.id }));
    await sb.sdk.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: a.LoadBalancerArn }));
  });

  it('cannot be deleted while a deployed stage uses it; can once it is not', async () => {
    const nlb = await createNlb(sb.sdk.elbv2);
    const link = await createV1Link(sb, nlb.LoadBalancerArn!);
    const api = await sb.sdk.apigw.send(
      new CreateRestApiCommand({ name: 'uses', endpointConfiguration: { types: ['REGIONAL'] } }),
    );
    const { resource } = await proxyResource(sb, api.id!, api.rootResourceId!, 'p');
    await sb.sdk.apigw.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'ANY',
        uri: 'https://api.abq.com/p/{proxy}',
        connectionType: 'VPC_LINK',
        connectionId: link.id,
      }),
    );
    await sb.sdk.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'live' }));
    const busy = await failure(sb.sdk.apigw.send(new DeleteVpcLinkCommand({ vpcLinkId: link.id })));
    expect(busy.name).toBe('BadRequestException');
    expect(busy.message).toBe(
      `Cannot delete vpc link. Vpc link '${link.id}', is referenced in [${api.id}:ANY:${resource.id}:live] in format of [RESTApiId:Method:Resource:Stage].`,
    );
    await sb.sdk.apigw.send(new DeleteRestApiCommand({ restApiId: api.id }));
    await sb.sdk.apigw.send(new DeleteVpcLinkCommand({ vpcLinkId: link.id }));
    const gone = await failure(sb.sdk.apigw.send(new GetVpcLinkCommand({ vpcLinkId: link.id })));
    expect(gone).toMatchObject({ name: 'NotFoundException', status: 404 });
  });
});

describe('VPC links v2', () => {
  it('needs subnets and security groups that exist', async () => {
    const noSubnet = await failure(
      sb.sdk.apigwv2.send(new CreateV2({ Name: 'v2', SubnetIds: ['subnet-0000000000000dead'] })),
    );
    expect(noSubnet).toMatchObject({ name: 'BadRequestException', status: 400 });
    const noGroup = await failure(
      sb.sdk.apigwv2.send(
        new CreateV2({ Name: 'v2', SubnetIds: SUBNETS, SecurityGroupIds: ['sg-0000000000000dead'] }),
      ),
    );
    expect(noGroup.name).toBe('BadRequestException');
  });

  it('goes PENDING → AVAILABLE, INACTIVE after 60 idle days, and is deleted with 202', async () => {
    const link = await sb.sdk.apigwv2.send(
      new CreateV2({
        Name: 'acc-v2',
        SubnetIds: SUBNETS,
        SecurityGroupIds: [DEFAULT_SG],
        Tags: { 'rails:stage': 'acc' },
      }),
    );
    expect(link).toMatchObject({
      VpcLinkStatus: 'PENDING',
      VpcLinkVersion: 'V2',
      SubnetIds: SUBNETS,
      Tags: { 'rails:stage': 'acc' },
    });
    expect(link.CreatedDate).toBeInstanceOf(Date);
    await sb.control.advanceClock(2 * MINUTE);
    expect((await sb.sdk.apigwv2.send(new GetV2({ VpcLinkId: link.VpcLinkId }))).VpcLinkStatus).toBe(
      'AVAILABLE',
    );
    await sb.control.advanceClock(59 * DAY);
    expect((await sb.sdk.apigwv2.send(new GetV2({ VpcLinkId: link.VpcLinkId }))).VpcLinkStatus).toBe(
      'AVAILABLE',
    );
    await sb.control.advanceClock(DAY);
    expect((await sb.sdk.apigwv2.send(new GetV2({ VpcLinkId: link.VpcLinkId }))).VpcLinkStatus).toBe(
      'INACTIVE',
    );
    const out = await sb.sdk.apigwv2.send(new DeleteV2({ VpcLinkId: link.VpcLinkId }));
    expect(out.$metadata.httpStatusCode).toBe(202);
    const gone = await failure(sb.sdk.apigwv2.send(new GetV2({ VpcLinkId: link.VpcLinkId })));
    expect(gone).toMatchObject({ name: 'NotFoundException', status: 404 });
  });

  it('logs v2 calls as apigatewayv2 and v1 calls as apigateway', async () => {
    await sb.resetRequests();
    await sb.sdk.apigwv2.send(new GetVpcLinksV2({}));
    await sb.sdk.apigw.send(new GetVpcLinksCommand({}));
    const log = await sb.requests();
    expect(log.map((r: any) => `${r.service}:${r.operation}`)).toEqual([
      'apigatewayv2:GetVpcLinks',
      'apigateway:GetVpcLinks',
    ]);
  });
});

describe('throttling', () => {
  it('answers an injected throttle as TooManyRequestsException 429 on both APIs', async () => {
    await sb.control.injectFault({
      service: 'apigatewayv2',
      operation: 'GetVpcLinks',
      kind: 'throttle',
      nth: 1,
    });
    const v2 = await failure(sb.sdk.apigwv2.send(new GetVpcLinksV2({})));
    expect(v2).toMatchObject({ name: 'TooManyRequestsException', status: 429 });
    await sb.control.injectFault({
      service: 'apigateway',
      operation: 'GetVpcLinks',
      kind: 'throttle',
      nth: 1,
    });
    const v1 = await failure(sb.sdk.apigw.send(new GetVpcLinksCommand({})));
    expect(v1).toMatchObject({ name: 'TooManyRequestsException', status: 429 });
    // Only the matching service's call is throttled: the other API's call of the same name passes.
    await sb.control.injectFault({
      service: 'apigatewayv2',
      operation: 'GetVpcLinks',
      kind: 'throttle',
      nth: 1,
    });
    await expect(sb.sdk.apigw.send(new GetVpcLinksCommand({}))).resolves.toBeDefined();
    await sb.control.clearFaults();
  });
});
