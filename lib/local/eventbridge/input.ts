import type { BusEvent } from '#lib/core/bus-event.ts';
import type { LocalRule, LocalTarget } from '../topology.ts';

export type { BusEvent };

/** Reads a JSONPath of the subset EventBridge documents: `$`, dots, dashes, `[n]` indices. */
export function readPath(root: unknown, path: string): unknown {
  if (path === '$') return root;
  if (!path.startsWith('$')) return undefined;
  const parts = path.slice(1).match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]/g) ?? [];
  let current: unknown = root;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = part.startsWith('.')
      ? part.slice(1)
      : part.startsWith("['")
        ? part.slice(2, -2)
        : Number(part.slice(1, -1));
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * Fills an InputTemplate: inside a JSON string literal a placeholder is replaced by the raw value;
 * elsewhere by its JSON. A placeholder whose path found nothing yields nothing (docs: "IT").
 */
export function fillTemplate(template: string, values: ReadonlyMap<string, unknown>): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i] as string;
    if (ch === '"' && template[i - 1] !== '\\') inString = !inString;
    if (ch === '<') {
      const end = template.indexOf('>', i);
      const name = end > i ? template.slice(i + 1, end) : '';
      if (end > i && /^[A-Za-z0-9_.-]+$/.test(name) && values.has(name)) {
        const value = values.get(name);
        if (value !== undefined) {
          out += inString
            ? typeof value === 'string'
              ? value
              : JSON.stringify(value)
            : JSON.stringify(value);
        }
        i = end;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

/** What a target receives: the whole event, a constant `Input`, an `InputPath` selection, or a transformed template. */
export function targetInput(
  event: BusEvent,
  target: LocalTarget,
  rule: LocalRule,
  ingestionTime: string,
): unknown {
  if (target.input !== undefined) return JSON.parse(target.input);
  if (target.inputPath !== undefined) return readPath(event, target.inputPath) ?? null;
  if (!target.inputTransformer) return event;
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(target.inputTransformer.inputPathsMap))
    values.set(name, readPath(event, path));
  const { detail: _detail, ...withoutDetail } = event;
  values.set('aws.events.rule-arn', rule.arn);
  values.set('aws.events.rule-name', rule.name);
  values.set('aws.events.event.ingestion-time', ingestionTime);
  values.set('aws.events.event', withoutDetail);
  values.set('aws.events.event.json', event);
  const text = fillTemplate(target.inputTransformer.inputTemplate, values);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
