import type { ServiceDefinition } from '../../core/types.js';

/** s3: not built yet (operations are added with the sandbox issues). */
export const s3Service: ServiceDefinition = {
  signingName: 's3',
  protocol: 'restXml',
  operations: {},
};
