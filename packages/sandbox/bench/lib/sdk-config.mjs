// Settings for the real SDK clients a bench points at its in-process sandbox.

/** Client settings for a sandbox endpoint: dummy credentials, and no retries, so a sandbox error shows. */
export function sandboxClientConfig(endpoint) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  };
}
