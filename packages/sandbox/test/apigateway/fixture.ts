/**
 * Shared steps of the API Gateway suite: a v1 link, a `P/{proxy+}` resource with method ANY, an HTTP
 * API's integration to an ALB listener over a v2 link.
 */
import { CreateResourceCommand, CreateVpcLinkCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { CreateIntegrationCommand } from '@aws-sdk/client-apigatewayv2';
import type { TestSandbox } from '../helpers/sandbox.js';

export async function createV1Link(sb: TestSandbox, nlbArn: string, name = 'acc-link') {
  return sb.sdk.apigw.send(
    new CreateVpcLinkCommand({ name, targetArns: [nlbArn], tags: { 'rails:stage': 'acc' } }),
  );
}

/** `/<part>/{proxy+}` with ANY declaring `method.request.path.proxy`. */
export async function proxyResource(sb: TestSandbox, apiId: string, rootId: string, part: string) {
  const parent = await sb.sdk.apigw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: part }),
  );
  const resource = await sb.sdk.apigw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: parent.id, pathPart: '{proxy+}' }),
  );
  await sb.sdk.apigw.send(
    new PutMethodCommand({
      restApiId: apiId,
      resourceId: resource.id,
      httpMethod: 'ANY',
      authorizationType: 'NONE',
      requestParameters: { 'method.request.path.proxy': true },
    }),
  );
  return { parent, resource };
}

/**
 * An HTTP_PROXY integration of an HTTP API over the v2 link to the listener, payload 1.0, TLS name
 * api.abq.com, with these parameter mappings.
 */
export async function listenerIntegration(
  sb: TestSandbox,
  apiId: string,
  linkId: string,
  listenerArn: string,
  requestParameters?: Record<string, string>,
) {
  return sb.sdk.apigwv2.send(
    new CreateIntegrationCommand({
      ApiId: apiId,
      IntegrationType: 'HTTP_PROXY',
      IntegrationMethod: 'ANY',
      ConnectionType: 'VPC_LINK',
      ConnectionId: linkId,
      IntegrationUri: listenerArn,
      PayloadFormatVersion: '1.0',
      TlsConfig: { ServerNameToVerify: 'api.abq.com' },
      ...(requestParameters ? { RequestParameters: requestParameters } : {}),
    }),
  );
}
