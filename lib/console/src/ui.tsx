import type { ComponentChildren } from 'preact';
import { fieldOf, messageOf } from './api.ts';

export function Badge({ value, kind = 'sev' }: { value: string; kind?: string }) {
  return <span class={`badge ${kind}-${value}`}>{value}</span>;
}

export function When({ at }: { at: string | undefined }) {
  if (!at) return <span>—</span>;
  return <time dateTime={at}>{new Date(at).toLocaleString()}</time>;
}

/** A failed call, in the API's own words. */
export function Failure({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  const field = fieldOf(error);
  return (
    <p class="error" role="alert" id={id}>
      {field ? <strong>{field}: </strong> : null}
      {messageOf(error)}
    </p>
  );
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="panel" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** A labelled form field; `error` (the API's message for this field) sits right under it. */
export function Field(props: {
  label: string;
  id: string;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.error ? (
        <span class="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/** Shown while a poll backs off after failures. */
export function Staleness({ error, delayMs }: { error: unknown; delayMs: number }) {
  if (!error) return null;
  return (
    <p class="stale" role="status">
      Cannot reach the API ({messageOf(error)}); retrying in {Math.round(delayMs / 1000)} s.
    </p>
  );
}

/** Severity as a filter: any, or one of the three. */
export function SeveritySelect(props: {
  id: string;
  value: string;
  error?: string | undefined;
  set: (value: string) => void;
}) {
  return (
    <Field label="Severity" id={props.id} error={props.error}>
      <select id={props.id} value={props.value} onChange={(e) => props.set(e.currentTarget.value)}>
        <option value="">any</option>
        <option>CRITICAL</option>
        <option>WARNING</option>
        <option>INFO</option>
      </select>
    </Field>
  );
}

/** A list with a caption for screen readers and one header cell per column. */
export function ListTable(props: { label: string; columns: readonly string[]; children: ComponentChildren }) {
  return (
    <table class="list" aria-label={props.label}>
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
