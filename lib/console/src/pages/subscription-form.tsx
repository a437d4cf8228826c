import { useState } from 'preact/hooks';
import type { Envelope } from '#lib/client/types.ts';
import { type Api, fieldOf } from '../api.ts';
import { Failure, Field, Section } from '../ui.tsx';
import { previewPattern } from './pattern-preview.ts';

/** The event pattern, with how many of the recent events it matches (or why it does not parse). */
function PatternField({
  match,
  setMatch,
  recent,
  error,
}: {
  match: string;
  setMatch: (match: string) => void;
  recent: readonly Envelope[];
  error: string | undefined;
}) {
  const preview = previewPattern(match, recent);
  return (
    <>
      <Field label="Event pattern (JSON)" id="sub-match" error={error}>
        <textarea id="sub-match" value={match} onInput={(e) => setMatch(e.currentTarget.value)} />
      </Field>
      <p role="status" data-testid="pattern-preview">
        {'error' in preview
          ? `Pattern: ${preview.error}`
          : `Matches ${preview.matched} of the last ${recent.length} events.`}
      </p>
    </>
  );
}

function FormatField({ format, setFormat }: { format: string; setFormat: (format: string) => void }) {
  return (
    <Field label="Format" id="sub-format">
      <select id="sub-format" value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
        <option>json</option>
        <option>slack</option>
      </select>
    </Field>
  );
}

/** The signing secret the API answers once, on creation. */
function CreatedSecret({ secret }: { secret: string | undefined }) {
  return secret ? (
    <p role="status">
      Created. Signing secret (shown once): <code>{secret}</code>
    </p>
  ) : null;
}

/** Creates the subscription `request()` builds (a throw there is a failure too), keeping the failure or the secret. */
function useSubscribe(api: Api, created: () => void) {
  const [error, setError] = useState<unknown>();
  const [secret, setSecret] = useState<string>();
  const subscribe = async (request: () => Parameters<Api['subscribe']>[0]) => {
    setError(undefined);
    try {
      const answer = await api.subscribe(request());
      setSecret(answer.secret);
      created();
    } catch (failure) {
      setError(failure);
    }
  };
  return { error, secret, subscribe };
}

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
  const { error, secret, subscribe } = useSubscribe(api, created);
  const submit = (event: Event) => {
    event.preventDefault();
    return subscribe(() => ({
      name,
      match: JSON.parse(match) as Record<string, unknown>,
      target: { url, format: format as 'json' },
    }));
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
        <FormatField format={format} setFormat={setFormat} />
        <PatternField match={match} setMatch={setMatch} recent={recent} error={errorFor('match')} />
        <button type="submit">Create</button>
        {error && !errorFor('name') && !errorFor('target') && !errorFor('match') ? (
          <Failure error={error} />
        ) : null}
        <CreatedSecret secret={secret} />
      </form>
    </Section>
  );
}
