/**
 * The `apigatewayv2` calls the front door makes: HTTP APIs, their routes, integrations and stages,
 * VPC links v2, custom domains and API mappings (docs/aws-behaviour.md §11). Reads fold AWS's
 * NextToken paging; a missing resource is undefined.
 */
import {
  type Api,
  type ApiMapping,
  CreateApiCommand,
  type CreateApiCommandOutput,
  CreateApiMappingCommand,
  CreateDomainNameCommand,
  CreateIntegrationCommand,
  type CreateIntegrationCommandInput,
  CreateRouteCommand,
  CreateStageCommand,
  CreateVpcLinkCommand,
  type CreateVpcLinkCommandOutput,
  DeleteApiCommand,
  DeleteApiMappingCommand,
  DeleteDomainNameCommand,
  DeleteIntegrationCommand,
  DeleteRouteCommand,
  DeleteStageCommand,
  DeleteVpcLinkCommand,
  type DomainName as DomainNameV2,
  GetApiMappingsCommand,
  GetApisCommand,
  GetDomainNameCommand,
  type GetDomainNameCommandOutput,
  GetDomainNamesCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
  GetVpcLinksCommand,
  type Integration,
  type Route,
  type Stage,
  UpdateIntegrationCommand,
  UpdateRouteCommand,
  type VpcLink,
} from '@aws-sdk/client-apigatewayv2';
import type { AwsClients } from './clients.js';
import { orMissing } from './errors.js';
import { allPages } from './paging.js';

/** Every HTTP API of the account and region (WebSocket APIs left out). */
export async function listHttpApis(aws: AwsClients): Promise<Api[]> {
  const client = await aws.apigatewayv2();
  const all = await allPages(async (NextToken) => {
    const out = await client.send(new GetApisCommand({ MaxResults: '500', NextToken }));
    return { items: out.Items, next: out.NextToken };
  });
  return all.filter((a) => a.ProtocolType === 'HTTP');
}

/** HTTP APIs of the account and region named `name`. */
export async function findHttpApis(aws: AwsClients, name: string): Promise<Api[]> {
  return (await listHttpApis(aws)).filter((a) => a.Name === name);
}

export async function createHttpApi(
  aws: AwsClients,
  name: string,
  description: string,
  tags: Record<string, string>,
): Promise<CreateApiCommandOutput> {
  return (await aws.apigatewayv2()).send(
    new CreateApiCommand({ Name: name, ProtocolType: 'HTTP', Description: description, Tags: tags }),
  );
}

export async function deleteHttpApi(aws: AwsClients, apiId: string): Promise<void> {
  await orMissing((await aws.apigatewayv2()).send(new DeleteApiCommand({ ApiId: apiId })));
}

export async function getRoutes(aws: AwsClients, apiId: string): Promise<Route[]> {
  const client = await aws.apigatewayv2();
  return allPages(async (NextToken) => {
    const out = await client.send(new GetRoutesCommand({ ApiId: apiId, MaxResults: '500', NextToken }));
    return { items: out.Items, next: out.NextToken };
  });
}

export async function createRoute(aws: AwsClients, apiId: string, routeKey: string, target: string) {
  await (await aws.apigatewayv2()).send(
    new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: target }),
  );
}

/** Points a route at another integration (`integrations/<id>`). */
export async function updateRouteTarget(aws: AwsClients, apiId: string, routeId: string, target: string) {
  await (await aws.apigatewayv2()).send(
    new UpdateRouteCommand({ ApiId: apiId, RouteId: routeId, Target: target }),
  );
}

export async function deleteRoute(aws: AwsClients, apiId: string, routeId: string) {
  await orMissing(
    (await aws.apigatewayv2()).send(new DeleteRouteCommand({ ApiId: apiId, RouteId: routeId })),
  );
}

export async function deleteIntegration(aws: AwsClients, apiId: string, integrationId: string) {
  await orMissing(
    (await aws.apigatewayv2()).send(
      new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId }),
    ),
  );
}

export async function getIntegrations(aws: AwsClients, apiId: string): Promise<Integration[]> {
  const client = await aws.apigatewayv2();
  return allPages(async (NextToken) => {
    const out = await client.send(new GetIntegrationsCommand({ ApiId: apiId, MaxResults: '500', NextToken }));
    return { items: out.Items, next: out.NextToken };
  });
}

export async function createIntegration(
  aws: AwsClients,
  input: CreateIntegrationCommandInput,
): Promise<Integration> {
  return (await aws.apigatewayv2()).send(new CreateIntegrationCommand(input));
}

export async function updateIntegration(
  aws: AwsClients,
  input: CreateIntegrationCommandInput & { IntegrationId: string },
): Promise<void> {
  await (await aws.apigatewayv2()).send(new UpdateIntegrationCommand(input));
}

export async function getHttpStages(aws: AwsClients, apiId: string): Promise<Stage[]> {
  const client = await aws.apigatewayv2();
  return allPages(async (NextToken) => {
    const out = await client.send(new GetStagesCommand({ ApiId: apiId, MaxResults: '500', NextToken }));
    return { items: out.Items, next: out.NextToken };
  });
}

/** The stage that serves every request and deploys each change itself. */
export async function createAutoDeployStage(
  aws: AwsClients,
  apiId: string,
  stageName: string,
  tags: Record<string, string>,
): Promise<void> {
  await (await aws.apigatewayv2()).send(
    new CreateStageCommand({ ApiId: apiId, StageName: stageName, AutoDeploy: true, Tags: tags }),
  );
}

export async function deleteHttpStage(aws: AwsClients, apiId: string, stageName: string): Promise<void> {
  await orMissing(
    (await aws.apigatewayv2()).send(new DeleteStageCommand({ ApiId: apiId, StageName: stageName })),
  );
}

/** Every VPC link v2 of the account and region. */
export async function listVpcLinksV2(aws: AwsClients): Promise<VpcLink[]> {
  const client = await aws.apigatewayv2();
  return allPages(async (NextToken) => {
    const out = await client.send(new GetVpcLinksCommand({ MaxResults: '500', NextToken }));
    return { items: out.Items, next: out.NextToken };
  });
}

export async function createVpcLinkV2(
  aws: AwsClients,
  name: string,
  subnetIds: string[],
  securityGroupIds: string[],
  tags: Record<string, string>,
): Promise<CreateVpcLinkCommandOutput> {
  return (await aws.apigatewayv2()).send(
    new CreateVpcLinkCommand({
      Name: name,
      SubnetIds: subnetIds,
      SecurityGroupIds: securityGroupIds,
      Tags: tags,
    }),
  );
}

export async function deleteVpcLinkV2(aws: AwsClients, vpcLinkId: string): Promise<void> {
  await orMissing((await aws.apigatewayv2()).send(new DeleteVpcLinkCommand({ VpcLinkId: vpcLinkId })));
}

/** Every custom domain of the account and region, REST and HTTP alike, with its tags. */
export async function listDomainNamesV2(aws: AwsClients): Promise<DomainNameV2[]> {
  const client = await aws.apigatewayv2();
  return allPages(async (NextToken) => {
    const out = await client.send(new GetDomainNamesCommand({ MaxResults: '500', NextToken }));
    return { items: out.Items, next: out.NextToken };
  });
}

export async function getDomainNameV2(
  aws: AwsClients,
  domainName: string,
): Promise<GetDomainNameCommandOutput | undefined> {
  return orMissing((await aws.apigatewayv2()).send(new GetDomainNameCommand({ DomainName: domainName })));
}

export async function createDomainNameV2(
  aws: AwsClients,
  domainName: string,
  certificateArn: string,
  tags: Record<string, string>,
): Promise<void> {
  await (await aws.apigatewayv2()).send(
    new CreateDomainNameCommand({
      DomainName: domainName,
      DomainNameConfigurations: [
        { CertificateArn: certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
      ],
      Tags: tags,
    }),
  );
}

export async function deleteDomainNameV2(aws: AwsClients, domainName: string): Promise<void> {
  await orMissing((await aws.apigatewayv2()).send(new DeleteDomainNameCommand({ DomainName: domainName })));
}

export async function getApiMappings(aws: AwsClients, domainName: string): Promise<ApiMapping[]> {
  const client = await aws.apigatewayv2();
  const all = await orMissing(
    allPages(async (NextToken) => {
      const out = await client.send(
        new GetApiMappingsCommand({ DomainName: domainName, MaxResults: '500', NextToken }),
      );
      return { items: out.Items, next: out.NextToken };
    }),
  );
  return all ?? [];
}

export async function createApiMapping(aws: AwsClients, domainName: string, apiId: string, stage: string) {
  await (await aws.apigatewayv2()).send(
    new CreateApiMappingCommand({ DomainName: domainName, ApiId: apiId, Stage: stage }),
  );
}

export async function deleteApiMapping(aws: AwsClients, domainName: string, apiMappingId: string) {
  await orMissing(
    (await aws.apigatewayv2()).send(
      new DeleteApiMappingCommand({ DomainName: domainName, ApiMappingId: apiMappingId }),
    ),
  );
}
