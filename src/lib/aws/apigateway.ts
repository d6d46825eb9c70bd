/**
 * The `apigateway` calls the front door makes: REST APIs, their resources, methods, integrations,
 * deployments and stages, VPC links v1, custom domains and base path mappings
 * (docs/aws-behaviour.md §11). Reads fold AWS's `position` paging; a missing resource is undefined.
 */
import {
  type BasePathMapping,
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  CreateVpcLinkCommand,
  DeleteBasePathMappingCommand,
  DeleteDomainNameCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  DeleteVpcLinkCommand,
  type Deployment,
  type DomainName,
  GetBasePathMappingsCommand,
  GetDeploymentCommand,
  GetDomainNameCommand,
  GetExportCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetVpcLinksCommand,
  type Method,
  PutIntegrationCommand,
  type PutIntegrationCommandInput,
  PutMethodCommand,
  type Resource,
  type RestApi,
  type Stage,
  UpdateStageCommand,
  type VpcLink,
} from '@aws-sdk/client-api-gateway';
import type { AwsClients } from './clients.js';
import { orMissing } from './errors.js';
import { allPages } from './paging.js';

/** Every REST API of the account and region. */
export async function listRestApis(aws: AwsClients): Promise<RestApi[]> {
  const client = await aws.apigateway();
  return allPages(async (position) => {
    const out = await client.send(new GetRestApisCommand({ limit: 500, position }));
    return { items: out.items, next: out.position };
  });
}

/** REST APIs of the account and region whose name is `name` (names are not unique in AWS). */
export async function findRestApis(aws: AwsClients, name: string): Promise<RestApi[]> {
  return (await listRestApis(aws)).filter((a) => a.name === name);
}

export async function createRestApi(
  aws: AwsClients,
  name: string,
  description: string,
  tags: Record<string, string>,
): Promise<RestApi> {
  return (await aws.apigateway()).send(
    new CreateRestApiCommand({ name, description, endpointConfiguration: { types: ['REGIONAL'] }, tags }),
  );
}

export async function deleteRestApi(aws: AwsClients, restApiId: string): Promise<void> {
  await orMissing((await aws.apigateway()).send(new DeleteRestApiCommand({ restApiId })));
}

/** Every resource; with `embedMethods`, each with its methods and their integrations (§11). */
export async function getResources(
  aws: AwsClients,
  restApiId: string,
  embedMethods = false,
): Promise<Resource[]> {
  const client = await aws.apigateway();
  return allPages(async (position) => {
    const out = await client.send(
      new GetResourcesCommand({
        restApiId,
        limit: 500,
        position,
        ...(embedMethods ? { embed: ['methods'] } : {}),
      }),
    );
    return { items: out.items, next: out.position };
  });
}

/**
 * The resources with their methods and integrations embedded (`embed=methods`): the whole API in one
 * paged call instead of a GetMethod per resource. Undefined when the API does not exist.
 */
export async function getResourcesWithMethods(
  aws: AwsClients,
  restApiId: string,
): Promise<Resource[] | undefined> {
  const client = await aws.apigateway();
  return orMissing(
    allPages(async (position) => {
      const out = await client.send(
        new GetResourcesCommand({ restApiId, limit: 500, position, embed: ['methods'] }),
      );
      return { items: out.items, next: out.position };
    }),
  );
}

/** Deletes a resource with everything under it. */
export async function deleteResource(aws: AwsClients, restApiId: string, resourceId: string): Promise<void> {
  await orMissing((await aws.apigateway()).send(new DeleteResourceCommand({ restApiId, resourceId })));
}

export async function createResource(
  aws: AwsClients,
  restApiId: string,
  parentId: string,
  pathPart: string,
): Promise<Resource> {
  return (await aws.apigateway()).send(new CreateResourceCommand({ restApiId, parentId, pathPart }));
}

/** The method with its integration, or undefined when the resource has no such method. */
export async function getMethod(
  aws: AwsClients,
  restApiId: string,
  resourceId: string,
  httpMethod: string,
): Promise<Method | undefined> {
  return orMissing(
    (await aws.apigateway()).send(new GetMethodCommand({ restApiId, resourceId, httpMethod })),
  );
}

export async function putMethod(
  aws: AwsClients,
  restApiId: string,
  resourceId: string,
  httpMethod: string,
  requestParameters: Record<string, boolean>,
): Promise<void> {
  await (await aws.apigateway()).send(
    new PutMethodCommand({ restApiId, resourceId, httpMethod, authorizationType: 'NONE', requestParameters }),
  );
}

/** Creates or replaces a method's integration (PutIntegration overwrites what is there). */
export async function putIntegration(aws: AwsClients, input: PutIntegrationCommandInput): Promise<void> {
  await (await aws.apigateway()).send(new PutIntegrationCommand(input));
}

export async function getStages(aws: AwsClients, restApiId: string): Promise<Stage[]> {
  const out = await (await aws.apigateway()).send(new GetStagesCommand({ restApiId }));
  return out.item ?? [];
}

/** The deployment; with `apiSummary`, the deployed paths and methods too (§11, `embed=apisummary`). */
export async function getDeployment(
  aws: AwsClients,
  restApiId: string,
  deploymentId: string,
  apiSummary = false,
): Promise<Deployment | undefined> {
  return orMissing(
    (await aws.apigateway()).send(
      new GetDeploymentCommand({ restApiId, deploymentId, ...(apiSummary ? { embed: ['apisummary'] } : {}) }),
    ),
  );
}

/**
 * A deployment with its `apiSummary` (`embed=apisummary`): the resource paths and methods the
 * deployment serves, by path then method. Undefined when it does not exist.
 */
export async function getDeploymentSummary(
  aws: AwsClients,
  restApiId: string,
  deploymentId: string,
): Promise<Deployment | undefined> {
  return orMissing(
    (await aws.apigateway()).send(
      new GetDeploymentCommand({ restApiId, deploymentId, embed: ['apisummary'] }),
    ),
  );
}

/** An integration as a stage's deployment holds it (the `x-amazon-apigateway-integration` of an export). */
export interface DeployedIntegration {
  type: string;
  uri?: string;
  connectionType: string;
  connectionId?: string;
  integrationTarget?: string;
  requestParameters?: Record<string, string>;
}

/** OpenAPI's operation keys, as API Gateway exports them, to the method names of the REST API. */
function exportMethod(key: string): string | undefined {
  if (key === 'x-amazon-apigateway-any-method') return 'ANY';
  return ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'].includes(key)
    ? key.toUpperCase()
    : undefined;
}

/**
 * What a stage's deployment serves, integrations included: `GetExport` (OpenAPI 3.0 with
 * `extensions=integrations`) exports the **deployed** API, where the resources and `GetResources`
 * show the API as it is now (docs/aws-behaviour.md §11, "Reading what a stage serves"). By
 * `METHOD path`; undefined when the stage does not exist.
 */
export async function getStageIntegrations(
  aws: AwsClients,
  restApiId: string,
  stageName: string,
): Promise<Map<string, DeployedIntegration> | undefined> {
  const out = await orMissing(
    (await aws.apigateway()).send(
      new GetExportCommand({
        restApiId,
        stageName,
        exportType: 'oas30',
        accepts: 'application/json',
        parameters: { extensions: 'integrations' },
      }),
    ),
  );
  if (!out?.body) return undefined;
  const doc = JSON.parse(new TextDecoder().decode(out.body)) as {
    paths?: Record<string, Record<string, { 'x-amazon-apigateway-integration'?: Record<string, unknown> }>>;
  };
  const byMethod = new Map<string, DeployedIntegration>();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [key, op] of Object.entries(ops ?? {})) {
      const method = exportMethod(key);
      const i = op?.['x-amazon-apigateway-integration'];
      if (!method || !i) continue;
      const str = (k: string) => (typeof i[k] === 'string' ? (i[k] as string) : undefined);
      byMethod.set(`${method} ${path}`, {
        // OpenAPI writes the enums in lower case; the API's own reads answer them in upper case.
        type: (str('type') ?? '').toUpperCase(),
        connectionType: (str('connectionType') ?? 'INTERNET').toUpperCase(),
        ...(str('uri') ? { uri: str('uri') } : {}),
        ...(str('connectionId') ? { connectionId: str('connectionId') } : {}),
        ...(str('integrationTarget') ? { integrationTarget: str('integrationTarget') } : {}),
        ...(i.requestParameters && typeof i.requestParameters === 'object'
          ? { requestParameters: i.requestParameters as Record<string, string> }
          : {}),
      });
    }
  }
  return byMethod;
}

export async function createDeployment(
  aws: AwsClients,
  restApiId: string,
  description: string,
): Promise<Deployment> {
  return (await aws.apigateway()).send(new CreateDeploymentCommand({ restApiId, description }));
}

export async function createStage(
  aws: AwsClients,
  restApiId: string,
  stageName: string,
  deploymentId: string,
  tags: Record<string, string>,
): Promise<void> {
  await (await aws.apigateway()).send(new CreateStageCommand({ restApiId, stageName, deploymentId, tags }));
}

/** Points a stage at a deployment. */
export async function setStageDeployment(
  aws: AwsClients,
  restApiId: string,
  stageName: string,
  deploymentId: string,
): Promise<void> {
  await (await aws.apigateway()).send(
    new UpdateStageCommand({
      restApiId,
      stageName,
      patchOperations: [{ op: 'replace', path: '/deploymentId', value: deploymentId }],
    }),
  );
}

export async function deleteStage(aws: AwsClients, restApiId: string, stageName: string): Promise<void> {
  await orMissing((await aws.apigateway()).send(new DeleteStageCommand({ restApiId, stageName })));
}

/** Every VPC link v1 of the account and region. */
export async function listVpcLinks(aws: AwsClients): Promise<VpcLink[]> {
  const client = await aws.apigateway();
  return allPages(async (position) => {
    const out = await client.send(new GetVpcLinksCommand({ limit: 500, position }));
    return { items: out.items, next: out.position };
  });
}

export async function createVpcLink(
  aws: AwsClients,
  name: string,
  targetArn: string,
  tags: Record<string, string>,
): Promise<VpcLink> {
  return (await aws.apigateway()).send(new CreateVpcLinkCommand({ name, targetArns: [targetArn], tags }));
}

export async function deleteVpcLink(aws: AwsClients, vpcLinkId: string): Promise<void> {
  await orMissing((await aws.apigateway()).send(new DeleteVpcLinkCommand({ vpcLinkId })));
}

export async function getDomainName(aws: AwsClients, domainName: string): Promise<DomainName | undefined> {
  return orMissing((await aws.apigateway()).send(new GetDomainNameCommand({ domainName })));
}

/** A regional custom domain with TLS 1.2 (docs/aws-behaviour.md §11 "Custom domains"). */
export async function createDomainName(
  aws: AwsClients,
  domainName: string,
  certificateArn: string,
  tags: Record<string, string>,
): Promise<void> {
  await (await aws.apigateway()).send(
    new CreateDomainNameCommand({
      domainName,
      regionalCertificateArn: certificateArn,
      endpointConfiguration: { types: ['REGIONAL'] },
      securityPolicy: 'TLS_1_2',
      tags,
    }),
  );
}

export async function deleteDomainName(aws: AwsClients, domainName: string): Promise<void> {
  await orMissing((await aws.apigateway()).send(new DeleteDomainNameCommand({ domainName })));
}

export async function getBasePathMappings(aws: AwsClients, domainName: string): Promise<BasePathMapping[]> {
  const client = await aws.apigateway();
  const all = await orMissing(
    allPages(async (position) => {
      const out = await client.send(new GetBasePathMappingsCommand({ domainName, limit: 500, position }));
      return { items: out.items, next: out.position };
    }),
  );
  return all ?? [];
}

/** Maps the domain's root (no base path) to the API's stage. */
export async function createBasePathMapping(
  aws: AwsClients,
  domainName: string,
  restApiId: string,
  stage: string,
): Promise<void> {
  await (await aws.apigateway()).send(new CreateBasePathMappingCommand({ domainName, restApiId, stage }));
}

/** AWS names the root mapping's base path `(none)`. */
export async function deleteBasePathMapping(
  aws: AwsClients,
  domainName: string,
  basePath: string,
): Promise<void> {
  await orMissing(
    (await aws.apigateway()).send(
      new DeleteBasePathMappingCommand({ domainName, basePath: basePath || '(none)' }),
    ),
  );
}
