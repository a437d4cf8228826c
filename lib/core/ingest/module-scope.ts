import { CommandNotAllowedError, ModuleNotAllowedError } from '#lib/core/ingest/errors.ts';
import { matchesScope, type ProducerIdentity } from '#lib/core/producer-keys.ts';
import { CROSS_LAYER_EVENTS } from '#lib/core/state/events.ts';

const STATE_PREFIX = 'state.';
const COMMANDS: ReadonlySet<string> = new Set(CROSS_LAYER_EVENTS);

/** The fields of a validated event that the module scope looks at. */
export interface ScopedEvent {
  readonly type: string;
  readonly module?: string | undefined;
}

/** A cross-layer command: a `state.` event that acts on the whole module (see lib/core/state/events.ts). */
export function isCommand(type: string): boolean {
  return type.startsWith(STATE_PREFIX) && COMMANDS.has(type.slice(STATE_PREFIX.length));
}

/**
 * Refuses a `state.*` event whose module is outside the key's module scope, and a cross-layer command
 * from a key without `commands`. Other events are not about modules and pass. A key stored before
 * module scopes existed (`modules` absent) keeps what it could do then: every module and the commands.
 */
export function assertModuleInScope(identity: ProducerIdentity, event: ScopedEvent): void {
  if (!event.type.startsWith(STATE_PREFIX) || event.module === undefined) return;
  if (identity.modules === undefined) return;
  if (!matchesScope(identity.modules, event.module))
    throw new ModuleNotAllowedError(event.module, identity.producer);
  if (isCommand(event.type) && identity.commands !== true)
    throw new CommandNotAllowedError(event.type.slice(STATE_PREFIX.length), event.module, identity.producer);
}
