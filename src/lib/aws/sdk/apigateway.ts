// One client class per module: a dynamic import of the package itself would keep every command.
export { APIGatewayClient } from '@aws-sdk/client-api-gateway';
