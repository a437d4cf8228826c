import { Field, SeveritySelect } from '../ui.tsx';
import type { ReplayForm } from './replay-request.ts';

const FIELDS: readonly [keyof ReplayForm, string, 'text' | 'datetime-local', string][] = [
  ['from', 'From', 'datetime-local', 'from'],
  ['to', 'To (empty: now)', 'datetime-local', 'to'],
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
      <SeveritySelect
        id="replay-severity"
        value={form.severity}
        error={errorFor('filter.severity')}
        set={(severity) => set({ ...form, severity })}
      />
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
