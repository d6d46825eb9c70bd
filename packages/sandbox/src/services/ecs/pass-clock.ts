/**
 * Real time as one scheduler pass sees it. Tasks launched or stepped in the same pass share one
 * instant, so tasks that start together keep stepping together and ECS reports them in one event
 * ("registered 3 targets"), however long the pass itself takes on a busy machine. Outside a pass
 * (RunTask, StopTask) it is simply the real time.
 */
let passNow: number | undefined;

export function realNow(): number {
  return passNow ?? Date.now();
}

/** Runs one scheduler pass with its instant fixed. Passes are synchronous, so they never overlap. */
export function inPass<T>(pass: () => T): T {
  passNow = Date.now();
  try {
    return pass();
  } finally {
    passNow = undefined;
  }
}
