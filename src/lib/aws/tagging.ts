/**
 * The Resource Groups Tagging API: the resources of the account and Region that carry given tags, in
 * one paged search across services (rather than a describe-and-tags walk through each of them).
 */
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import type { AwsClients } from './clients.js';
import { allPages } from './paging.js';
import { fromTagList } from './tags.js';

export interface TaggedResource {
  arn: string;
  tags: Record<string, string>;
}

export interface TagSearch {
  /** Key -> accepted values; an empty list accepts any value of the key. Every key must match. */
  tags: Record<string, string[]>;
  /** `service` or `service:resourceType` (`elasticloadbalancing:loadbalancer`, `ecs:service`). */
  resourceTypes?: string[];
}

/** Every resource matching the search, all pages (100 per page, the most AWS allows: docs/aws-behaviour.md §14). */
export async function findTaggedResources(aws: AwsClients, search: TagSearch): Promise<TaggedResource[]> {
  const client = await aws.tagging();
  const TagFilters = Object.entries(search.tags).map(([Key, Values]) =>
    Values.length ? { Key, Values } : { Key },
  );
  const found = await allPages(async (token) => {
    const out = await client.send(
      new GetResourcesCommand({
        TagFilters,
        ...(search.resourceTypes?.length ? { ResourceTypeFilters: search.resourceTypes } : {}),
        ResourcesPerPage: 100,
        ...(token ? { PaginationToken: token } : {}),
      }),
    );
    return { items: out.ResourceTagMappingList, next: out.PaginationToken };
  });
  return found.filter((m) => m.ResourceARN).map((m) => ({ arn: m.ResourceARN!, tags: fromTagList(m.Tags) }));
}
