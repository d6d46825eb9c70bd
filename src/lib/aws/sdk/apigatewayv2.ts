// One client class per module: a dynamic import of the package itself would keep every command.
export { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
