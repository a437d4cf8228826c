import type { AssemblyOptions } from '../template/assembly.ts';

export interface StartOptions {
  readonly projectRoot: string;
  /** @default 'Vigil' */
  readonly stackName?: string;
  /** API port; 0 = any free port. @default 3000 */
  readonly port?: number;
  /** Folder for data, logs and the local config. @default `<projectRoot>/.vigil` */
  readonly stateDir?: string;
  /** Wipe the DynamoDB data and dead letters first. */
  readonly fresh?: boolean;
  /** Keep DynamoDB data in memory only (tests). */
  readonly inMemory?: boolean;
  readonly forceSynth?: boolean;
  /** Synthesize another app or into another folder (tests add probe resources this way). */
  readonly assembly?: Pick<AssemblyOptions, 'app' | 'outdir' | 'extraInputs'>;
  /** First retry delay of rule targets. @default 1000 */
  readonly retryBaseMs?: number;
  /**
   * Run scheduled rules on their timers. Off, they fire only through `fireSchedule` (tests).
   * @default true
   */
  readonly scheduleTimers?: boolean;
  /**
   * Wait before the first retry of a failed `Event` invocation; the second waits twice as long.
   * @default 60_000 (Lambda's 1 minute, then 2)
   */
  readonly asyncRetryDelayMs?: number;
  /** Between two TTL sweeper ticks, each of which sweeps a twelfth of every table. @default 5_000 */
  readonly ttlSweepIntervalMs?: number;
  /** Runtime and handler output, one line at a time. @default console.log */
  readonly log?: (line: string) => void;
  /** Name each template resource that is not run locally, instead of one line per type. */
  readonly listUnsupported?: boolean;
  /** Handler log lines (already tagged with function and request id). @default log */
  readonly functionLog?: (line: string) => void;
}
