// One client class per module: a dynamic import of the package itself would keep every command.
export { LambdaClient } from '@aws-sdk/client-lambda';
