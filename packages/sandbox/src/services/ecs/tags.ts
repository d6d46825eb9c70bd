/** TagResource / UntagResource / ListTagsForResource on clusters, services, task definitions and tasks. */
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext, Sandbox } from '../../core/types.js';
import { invalidParameter, parseTags, stringList, tagList } from './input.js';
import { ecsState, type Tags } from './state.js';

/** The tags object of the resource an ARN names, or ResourceNotFoundException. */
function tagsOf(sb: Sandbox, arn: unknown): Tags {
  if (typeof arn !== 'string' || arn === '') throw invalidParameter('resourceArn is required.');
  if (!/^arn:aws[a-z-]*:ecs:/.test(arn)) throw invalidParameter('Invalid resource ARN.');
  const s = ecsState(sb);
  const owner =
    s.clusters.find((c) => c.clusterArn === arn && c.status === 'ACTIVE') ??
    s.services.find((x) => x.serviceArn === arn && x.status !== 'INACTIVE') ??
    s.taskDefinitions.find((t) => t.taskDefinitionArn === arn) ??
    s.tasks.find((t) => t.taskArn === arn);
  if (!owner) throw new AwsError('ResourceNotFoundException', 'The specified resource could not be found.');
  return owner.tags;
}

export const tagOperations = {
  TagResource(input: any, ctx: RequestContext) {
    const tags = tagsOf(ctx.sb, input.resourceArn);
    const add = parseTags(input.tags);
    const merged = { ...tags, ...add };
    if (Object.keys(merged).length > 50)
      throw invalidParameter('The number of tags exceeds the limit of 50.');
    Object.assign(tags, add);
    ctx.sb.markDirty();
    return {};
  },

  UntagResource(input: any, ctx: RequestContext) {
    const tags = tagsOf(ctx.sb, input.resourceArn);
    for (const key of stringList(input.tagKeys, 'tagKeys')) delete tags[key];
    ctx.sb.markDirty();
    return {};
  },

  ListTagsForResource(input: any, ctx: RequestContext) {
    return { tags: tagList(tagsOf(ctx.sb, input.resourceArn)) };
  },
};
