import { useState } from 'preact/hooks';
import type { Envelope } from '#lib/client/types.ts';
import { type Api, fieldOf } from '../api.ts';
import { Failure, Field, Section } from '../ui.tsx';
import { previewPattern } from './pattern-preview.ts';

export function CreateSubscription({
  api,
  recent,
  created,
}: {
  api: Api;
  recent: readonly Envelope[];
  created: () => void;
}) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState('json');
  const [match, setMatch] = useState('{"detail": {"severity": ["CRITICAL"]}}');
  const [error, setError] = useState<unknown>();
  const [secret, setSecret] = useState<string>();
  const preview = previewPattern(match, recent);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const answer = await api.subscribe({
        name,
        match: JSON.parse(match) as Record<string, unknown>,
        target: { url, format: format as 'json' },
      });
      setSecret(answer.secret);
      created();
    } catch (failure) {
      setError(failure);
    }
  };
  const errorFor = (field: string) =>
    error && fieldOf(error)?.startsWith(field) ? (error as Error).message : undefined;
  return (
    <Section title="New subscription">
      <form class="actions" onSubmit={submit}>
        <Field label="Name" id="sub-name" error={errorFor('name')}>
          <input id="sub-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label="Target URL" id="sub-url" error={errorFor('target')}>
          <input
            id="sub-url"
            type="url"
            required
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </Field>
        <Field label="Format" id="sub-format">
          <select id="sub-format" value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
            <option>json</option>
            <option>slack</option>
          </select>
        </Field>
        <Field label="Event pattern (JSON)" id="sub-match" error={errorFor('match')}>
          <textarea id="sub-match" value={match} onInput={(e) => setMatch(e.currentTarget.value)} />
        </Field>
        <p role="status" data-testid="pattern-preview">
          {'error' in preview
            ? `Pattern: ${preview.error}`
            : `Matches ${preview.matched} of the last ${recent.length} events.`}
        </p>
        <button type="submit">Create</button>
        {error && !errorFor('name') && !errorFor('target') && !errorFor('match') ? (
          <Failure error={error} />
        ) : null}
        {secret ? (
          <p role="status">
            Created. Signing secret (shown once): <code>{secret}</code>
          </p>
        ) : null}
      </form>
    </Section>
  );
}
