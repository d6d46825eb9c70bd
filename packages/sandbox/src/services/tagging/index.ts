/**
 * Resource Groups Tagging API (awsJson1_1, `ResourceGroupsTaggingAPI_20170126.<Op>`, signing name
 * `tagging`): GetResources, GetTagKeys and GetTagValues over the tags the other services keep. It
 * keeps no state of its own. Facts and sources: README.md in this folder.
 */
import type { ServiceDefinition } from '../../core/types.js';
import { getResources } from './get-resources.js';
import { getTagKeys, getTagValues } from './tag-keys.js';

export const taggingService: ServiceDefinition = {
  signingName: 'tagging',
  protocol: 'awsJson1_1',
  targetPrefix: 'ResourceGroupsTaggingAPI_20170126',
  throttleCode: 'ThrottledException',
  operations: {
    GetResources: getResources,
    GetTagKeys: getTagKeys,
    GetTagValues: getTagValues,
  },
};
