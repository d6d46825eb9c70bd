// One client class per module: a dynamic import of the package itself would keep every command.
export { ACMClient } from '@aws-sdk/client-acm';
