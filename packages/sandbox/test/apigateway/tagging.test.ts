/** The Resource Groups Tagging API finds API Gateway resources by their tags. */
import { CreateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CreateVpcLinkCommand } from '@aws-sdk/client-apigatewayv2';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { describe, expect, it } from 'vitest';
import { SEED_SUBNETS } from '../../src/core/seed-ids.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';

const sb = sandboxPerFile(() => startTestSandbox());

describe('tagging API over API Gateway', () => {
  it('lists tagged REST APIs and v2 links by tag filter and resource type', async () => {
    const api = await sb.sdk.apigw.send(
      new CreateRestApiCommand({
        name: 'acc-api',
        endpointConfiguration: { types: ['REGIONAL'] },
        tags: { 'rails:stage': 'acc' },
      }),
    );
    const link = await sb.sdk.apigwv2.send(
      new CreateVpcLinkCommand({
        Name: 'acc-v2',
        SubnetIds: SEED_SUBNETS.map((s) => s.subnetId),
        Tags: { 'rails:stage': 'acc' },
      }),
    );
    await sb.sdk.apigw.send(
      new CreateRestApiCommand({ name: 'untagged', endpointConfiguration: { types: ['REGIONAL'] } }),
    );
    const tagging = new ResourceGroupsTaggingAPIClient({
      endpoint: sb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      const all = await tagging.send(
        new GetResourcesCommand({
          TagFilters: [{ Key: 'rails:stage', Values: ['acc'] }],
          ResourceTypeFilters: ['apigateway'],
        }),
      );
      expect(all.ResourceTagMappingList?.map((r) => r.ResourceARN).sort()).toEqual(
        [
          `arn:aws:apigateway:us-east-1::/restapis/${api.id}`,
          `arn:aws:apigateway:us-east-1::/vpclinks/${link.VpcLinkId}`,
        ].sort(),
      );
      const apis = await tagging.send(
        new GetResourcesCommand({ ResourceTypeFilters: ['apigateway:restapis'] }),
      );
      expect(apis.ResourceTagMappingList?.map((r) => r.ResourceARN)).toEqual([
        `arn:aws:apigateway:us-east-1::/restapis/${api.id}`,
      ]);
    } finally {
      tagging.destroy();
    }
  });
});
