/** A secondary read of `status`: a failure is recorded and the report goes on without it. */
import { errorCode } from '../aws/errors.js';

export type ReadErrors = { what: string; message: string }[];

export async function soft<T>(
  errors: ReadErrors,
  what: string,
  read: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await read();
  } catch (err) {
    errors.push({ what, message: `${errorCode(err)}: ${(err as Error)?.message ?? String(err)}` });
    return fallback;
  }
}
