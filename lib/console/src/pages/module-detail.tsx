import { useState } from 'preact/hooks';
import type { Api } from '../api.ts';
import { usePoll } from '../poll.ts';
import { href } from '../router.ts';
import { Failure, Field, Section, When } from '../ui.tsx';
import { ModuleCard } from './module-card.tsx';

/** Sends a state event through the sync path; a refusal shows the API's exact message. */
function SendEvent({
  api,
  name,
  operator,
  sent,
}: {
  api: Api;
  name: string;
  operator: string;
  sent: () => void;
}) {
  const [type, setType] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setDone(undefined);
    try {
      const { transition } = await api.sendModuleEvent(name, { type, by: operator });
      setDone(`${type} applied (version ${transition.version})`);
      sent();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form class="actions" onSubmit={submit}>
      <Field label="State event" id="module-event">
        <input
          id="module-event"
          placeholder="e.g. FAULT, RECOVER, TASK_START"
          required
          value={type}
          onInput={(e) => setType(e.currentTarget.value.trim())}
        />
      </Field>
      <button type="submit">Send</button>
      {done ? <p role="status">{done}</p> : null}
      <Failure error={error} id="module-event-error" />
    </form>
  );
}

export function ModuleDetail({
  api,
  name,
  at,
  operator,
}: {
  api: Api;
  name: string;
  at: string | undefined;
  operator: string;
}) {
  const log = usePoll(() => api.moduleTransitions(name, { limit: 100 }), [name], { baseMs: 5000 });
  const state = usePoll(() => api.module(name, at ? { at } : {}), [name, at], { baseMs: 5000 });
  const transitions = log.data?.transitions ?? [];
  const index = at ? transitions.findIndex((t) => t.appliedAt === at) : -1;
  const position = index >= 0 ? index : transitions.length;
  const moveTo = (i: number) => {
    location.hash = href('modules', {
      name,
      at: i < transitions.length ? transitions[i]?.appliedAt : undefined,
    });
  };
  return (
    <Section title={`Module ${name}`}>
      <Failure error={state.error ?? log.error} />
      {state.data ? <ModuleCard module={state.data.module} at={at} /> : null}
      <Field label={`Time: ${at ? new Date(at).toLocaleString() : 'now'}`} id="time-slider">
        <input
          id="time-slider"
          type="range"
          min={0}
          max={transitions.length}
          value={position}
          onChange={(e) => moveTo(Number(e.currentTarget.value))}
        />
      </Field>
      <SendEvent
        api={api}
        name={name}
        operator={operator}
        sent={() => {
          log.refresh();
          state.refresh();
        }}
      />
      <h3>Transition log</h3>
      <ol class="timeline">
        {transitions.map((t) => (
          <li key={t.version}>
            <When at={t.appliedAt} /> <strong>{t.event}</strong> v{t.version}:{' '}
            {t.changes.map((c) => `${c.layer} ${c.from} → ${c.to}`).join(', ')}
            {t.by ? ` by ${t.onBehalfOf ?? t.by}` : ''}
          </li>
        ))}
      </ol>
    </Section>
  );
}
