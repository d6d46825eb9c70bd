/**
 * How an engine reports while it works, instead of printing. The command layer hands every engine an
 * IoHost that renders to the terminal (src/commands/cli-io-host.ts); tests and the sync Lambda hand
 * their own. Results (plans, models, pass reports) are returned, not reported: the command renders
 * them. Modelled on the AWS CDK toolkit's IoHost: an engine never sees argv, stdout or stderr.
 */
export interface IoHost {
  /** Progress a person follows (stderr on the CLI; silenced by --quiet). */
  info(message: string): void;
  /** Something the user should know that does not stop the work. */
  warn(message: string): void;
  /** Detail for --verbose, such as one line per AWS call. */
  debug(message: string): void;
  /** One long step: a terminal shows a spinner, elsewhere a line; always ended, also on a throw. */
  task<T>(title: string, work: (update: (text: string) => void) => Promise<T>): Promise<T>;
}

/** A host that drops every message: for engines run where nobody reads progress. */
export const silentIoHost: IoHost = {
  info: () => {},
  warn: () => {},
  debug: () => {},
  task: (_title, work) => work(() => {}),
};
