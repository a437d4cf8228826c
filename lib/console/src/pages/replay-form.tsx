import type { ReplayRequest, Severity } from '#lib/client/types.ts';
import { Field } from '../ui.tsx';

export type ReplayForm = {
  from: string;
  to: string;
  source: string;
  type: string;
  severity: string;
  pattern: string;
  name: string;
};

/** `datetime-local` text for a time, in the browser's zone. */
export function localInput(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

/** The request the form describes; a pattern that is not JSON is sent as text for the API to refuse by name. */
export function requestOf(form: ReplayForm, dryRun: boolean): ReplayRequest {
  let pattern: unknown;
  if (form.pattern.trim()) {
    try {
      pattern = JSON.parse(form.pattern);
    } catch {
      pattern = form.pattern;
    }
  }
  const filter = {
    ...(form.source ? { source: form.source } : {}),
    ...(form.type ? { type: form.type } : {}),
    ...(form.severity ? { severity: form.severity as Severity } : {}),
    ...(pattern === undefined ? {} : { pattern: pattern as Record<string, unknown> }),
  };
  return {
    from: new Date(form.from).toISOString(),
    to: new Date(form.to).toISOString(),
    ...(Object.keys(filter).length ? { filter } : {}),
    ...(form.name ? { name: form.name } : {}),
    ...(dryRun ? { dryRun: true } : {}),
  };
}

const FIELDS: readonly [keyof ReplayForm, string, 'text' | 'datetime-local', string][] = [
  ['from', 'From', 'datetime-local', 'from'],
  ['to', 'To', 'datetime-local', 'to'],
  ['source', 'Source', 'text', 'filter.source'],
  ['type', 'Type', 'text', 'filter.type'],
  ['name', 'Name (idempotency)', 'text', 'name'],
];

/** The inputs; the API's error for a field (by its `field`) shows beside that input. */
export function ReplayInputs(props: {
  form: ReplayForm;
  set: (f: ReplayForm) => void;
  errorFor: (field: string) => string | undefined;
}) {
  const { form, set, errorFor } = props;
  return (
    <>
      {FIELDS.map(([key, label, type, field]) => (
        <Field key={key} label={label} id={`replay-${key}`} error={errorFor(field)}>
          <input
            id={`replay-${key}`}
            type={type as 'text'}
            value={form[key]}
            aria-invalid={errorFor(field) ? true : undefined}
            onInput={(e) => set({ ...form, [key]: e.currentTarget.value })}
          />
        </Field>
      ))}
      <Field label="Severity" id="replay-severity" error={errorFor('filter.severity')}>
        <select
          id="replay-severity"
          value={form.severity}
          onChange={(e) => set({ ...form, severity: e.currentTarget.value })}
        >
          <option value="">any</option>
          <option>CRITICAL</option>
          <option>WARNING</option>
          <option>INFO</option>
        </select>
      </Field>
      <Field
        label="EventBridge pattern (JSON, optional)"
        id="replay-pattern"
        error={errorFor('filter.pattern')}
      >
        <textarea
          id="replay-pattern"
          value={form.pattern}
          aria-invalid={errorFor('filter.pattern') ? true : undefined}
          onInput={(e) => set({ ...form, pattern: e.currentTarget.value })}
        />
      </Field>
    </>
  );
}
