/** Shared steps of the API Gateway suite: a v1 link, a `P/{proxy+}` resource with method ANY. */
import { CreateResourceCommand, CreateVpcLinkCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
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
