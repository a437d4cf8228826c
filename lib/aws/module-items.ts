import * as z from 'zod/mini';
import { PRIORITIES } from '#lib/core/envelope.ts';
import { stateEventNameSchema } from '#lib/core/state/events.ts';
import { inboxOrderKey } from '#lib/core/state/inbox.ts';
import { LAYER_STATE_SCHEMAS, type Layer, stateSchema } from '#lib/core/state/model.ts';
import type { InboxItem, StoredModule, TransitionRecord } from '#lib/core/state/ports.ts';
import { jsonObject } from '#lib/core/zod-parts.ts';
import { parseItem } from './stored-item.ts';

/**
 * The items of a module's partition (see DynamoModuleStore): their keys, and their schemas at the
 * read boundary.
 */
export const LIST_PK = 'MODULES';
export const pk = (module: string) => `M#${module}`;
export const stateKey = (module: string) => ({ pk: pk(module), sk: 'STATE' });
export const markerKey = (module: string, eventId: string) => ({ pk: pk(module), sk: `EV#${eventId}` });
export const inboxKey = (item: InboxItem) => ({ pk: pk(item.module), sk: `Q#${inboxOrderKey(item)}` });
/** Log lines sort by the time applied, then the version (zero-padded so that text order is number order). */
export const logSk = (appliedAt: string, version: number) =>
  `T#${appliedAt}#${String(version).padStart(10, '0')}`;

const text = z.string();
const maybeText = z.optional(z.string());

/** The state item: the three layers flattened beside the module's name and version. */
const stateItemSchema = z.object({
  module: text,
  version: z.number(),
  updatedAt: text,
  ...LAYER_STATE_SCHEMAS,
});

const changeOf = <L extends Layer>(layer: L) =>
  z.object({
    layer: z.literal(layer),
    from: LAYER_STATE_SCHEMAS[layer],
    to: LAYER_STATE_SCHEMAS[layer],
    event: stateEventNameSchema,
    by: maybeText,
  });
const layerChangeSchema = z.union([changeOf('lifecycle'), changeOf('operational'), changeOf('health')]);

const recordItemSchema = z.object({
  module: text,
  version: z.number(),
  event: text,
  eventId: text,
  changes: z.array(layerChangeSchema),
  state: stateSchema,
  appliedAt: text,
  time: text,
  origin: z.enum(['producer', 'admin']),
  by: maybeText,
  onBehalfOf: maybeText,
} satisfies Record<keyof TransitionRecord, z.core.$ZodType>);

const inboxItemSchema = z.object({
  module: text,
  id: text,
  type: text,
  data: z.optional(jsonObject()),
  time: text,
  priority: z.enum(PRIORITIES),
  enqueuedAt: z.number(),
} satisfies Record<keyof InboxItem, z.core.$ZodType>);

export function moduleOf(table: string, item: Record<string, unknown>): StoredModule {
  const { module, version, updatedAt, lifecycle, operational, health } = parseItem(
    table,
    stateItemSchema,
    item,
  );
  return { module, state: { lifecycle, operational, health }, version, updatedAt };
}

export function recordOf(table: string, item: Record<string, unknown>): TransitionRecord {
  return parseItem(table, recordItemSchema, item);
}

export function inboxItemOf(table: string, item: Record<string, unknown>): InboxItem {
  return parseItem(table, inboxItemSchema, item);
}
