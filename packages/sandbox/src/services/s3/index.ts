/**
 * S3 (restXml): buckets with versioning, objects with ETags, checksums, aws-chunked uploads and
 * conditional writes, ListObjectsV2. Path-style and virtual-host-style addressing.
 */
import type { ServiceDefinition } from '../../core/types.js';
import { s3Router } from './router.js';
import { emptyS3State, S3_STATE_KEY } from './state.js';

export const s3Service: ServiceDefinition = {
  signingName: 's3',
  protocol: 'restXml',
  stateKey: S3_STATE_KEY,
  emptyState: emptyS3State,
  rest: s3Router,
};
