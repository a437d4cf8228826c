import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BusEvent } from './input.ts';

/** A delivery that finally failed, with the attributes EventBridge puts on DLQ messages. */
export interface DeadLetter {
  readonly id: string;
  readonly queueArn: string;
  readonly event: BusEvent;
  readonly ruleArn: string;
  readonly targetArn: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly exhaustedRetryCondition: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | 'None';
  readonly retryAttempts: number;
  readonly deadLetteredAt: string;
}

/**
 * The local stand-in for the SQS dead-letter queues of rule targets: kept in one JSON file so the
 * `dead-letters` command and a restarted runtime see the same letters.
 */
export class DeadLetterStore {
  private letters: DeadLetter[];

  constructor(private readonly file: string | undefined) {
    this.letters = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DeadLetter[]) : [];
  }

  add(letter: Omit<DeadLetter, 'id' | 'deadLetteredAt'>, now = new Date()): DeadLetter {
    const stored = { ...letter, id: randomUUID(), deadLetteredAt: now.toISOString() };
    this.letters.push(stored);
    this.persist();
    return stored;
  }

  list(queueArn?: string): DeadLetter[] {
    return this.letters.filter((letter) => !queueArn || letter.queueArn === queueArn);
  }

  /** Removes and returns the letters with these ids (all when none given). */
  take(ids?: readonly string[]): DeadLetter[] {
    const wanted = (letter: DeadLetter) => !ids || ids.includes(letter.id);
    const taken = this.letters.filter(wanted);
    this.letters = this.letters.filter((letter) => !wanted(letter));
    this.persist();
    return taken;
  }

  private persist(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.letters, null, 1));
    renameSync(temp, this.file);
  }
}
