/** Whether a certificate ARN names an ACM certificate in the sandbox (CertificateNotFound otherwise). */
export { certificateExists as certificateKnown } from '../acm/index.js';
