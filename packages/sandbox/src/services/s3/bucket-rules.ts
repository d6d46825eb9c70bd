/** Bucket naming and placement rules (docs/aws-behaviour.md §6). */
import { S3Error } from './s3-xml.js';

/** Regions S3 knows; a LocationConstraint outside this list is `InvalidLocationConstraint`. */
const REGIONS = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'sa-east-1',
  'EU',
]);

/**
 * 3-63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or
 * digit, no `..`, not shaped like an IP address, none of the reserved prefixes/suffixes.
 */
export function assertBucketName(name: string): void {
  const ok =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !name.includes('.-') &&
    !name.includes('-.') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
    !/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name);
  if (!ok) {
    throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
  }
}

/**
 * The region a CreateBucket request places the bucket in. The us-east-1 endpoint takes no constraint
 * (or any other region's); a regional endpoint needs its own region as the constraint.
 */
export function bucketRegion(endpointRegion: string, constraint: string | undefined): string {
  if (constraint !== undefined && (!REGIONS.has(constraint) || constraint === 'us-east-1')) {
    throw new S3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, {
      LocationConstraint: constraint,
    });
  }
  if (endpointRegion === 'us-east-1') return constraint ?? 'us-east-1';
  if (constraint === undefined) {
    throw new S3Error(
      'IllegalLocationConstraintException',
      'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
      400,
    );
  }
  if (constraint !== endpointRegion && !(constraint === 'EU' && endpointRegion === 'eu-west-1')) {
    throw new S3Error(
      'IllegalLocationConstraintException',
      `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    );
  }
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}
