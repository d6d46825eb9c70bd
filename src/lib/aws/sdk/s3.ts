// One client class per module: a dynamic import of the package itself would keep every command.
export { S3Client } from '@aws-sdk/client-s3';
