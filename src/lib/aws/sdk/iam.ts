// One client class per module: a dynamic import of the package itself would keep every command.
export { IAMClient } from '@aws-sdk/client-iam';
