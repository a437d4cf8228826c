import path from 'node:path';
import type { StartOptions } from './options.ts';

/**
 * What every start-up stage shares: the options, the log, and the stack of stop functions. Each
 * stage pushes the stop of what it started; `stopAll` runs them in reverse, so what started last
 * stops first.
 */
export class StartStage {
  readonly log: (line: string) => void;
  readonly stackName: string;
  readonly stateDir: string;
  readonly #stops: (() => Promise<void>)[] = [];
  #stopped: Promise<void> | undefined;

  constructor(readonly options: StartOptions) {
    this.log = options.log ?? ((line: string) => console.log(line));
    this.stackName = options.stackName ?? 'Vigil';
    this.stateDir = options.stateDir ?? path.join(options.projectRoot, '.vigil');
  }

  onStop(stop: () => Promise<void> | void): void {
    this.#stops.push(async () => stop());
  }

  /** Stops everything started so far, once, logging (not throwing) what fails to stop. */
  stopAll(): Promise<void> {
    this.#stopped ??= (async () => {
      for (const stop of this.#stops.reverse())
        await stop().catch((error: unknown) => this.log(`[vigil] stop failed: ${String(error)}`));
    })();
    return this.#stopped;
  }
}
