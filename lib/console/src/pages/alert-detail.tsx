import { useState } from 'preact/hooks';
import type { Alert } from '#lib/client/types.ts';
import type { Api } from '../api.ts';
import { usePoll } from '../poll.ts';
import { href } from '../router.ts';
import { Badge, Failure, Field, Section, When } from '../ui.tsx';

/** A silence on the source and type that raised `alert`, for `hours` from now. */
function silenceOf(
  alert: Alert,
  operator: string,
  hours: string,
  note: string,
): Parameters<Api['createSilence']>[0] {
  return {
    matchers: [
      { field: 'source', value: alert.source },
      { field: 'type', value: alert.type },
    ],
    endsAt: new Date(Date.now() + Number(hours) * 3_600_000),
    createdBy: operator,
    comment: note || `silenced from alert ${alert.id}`,
  };
}

/** The state changes `alert` still allows: acknowledge a new alert, resolve any open one. */
function TransitionButtons({ alert, ack, resolve }: { alert: Alert; ack: () => void; resolve: () => void }) {
  return (
    <>
      {alert.state === 'new' ? (
        <button type="button" onClick={ack}>
          Acknowledge
        </button>
      ) : null}
      {alert.state !== 'resolved' ? (
        <button type="button" onClick={resolve}>
          Resolve
        </button>
      ) : null}
    </>
  );
}

function HoursField({ hours, setHours }: { hours: string; setHours: (hours: string) => void }) {
  return (
    <Field label="Silence for (hours)" id="silence-hours">
      <input
        id="silence-hours"
        type="number"
        min="1"
        max="720"
        value={hours}
        onInput={(e) => setHours(e.currentTarget.value)}
      />
    </Field>
  );
}

/** Acknowledge or resolve with a note, and silence what raised the alert. */
function Actions({
  api,
  alert,
  operator,
  changed,
}: {
  api: Api;
  alert: Alert;
  operator: string;
  changed: () => void;
}) {
  const [note, setNote] = useState('');
  const [hours, setHours] = useState('2');
  const [error, setError] = useState<unknown>();
  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      setNote('');
      changed();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form class="actions" onSubmit={(e) => e.preventDefault()}>
      <Field label="Note" id="alert-note">
        <textarea id="alert-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      <TransitionButtons
        alert={alert}
        ack={() => act(() => api.ack(alert.id, { by: operator, note }))}
        resolve={() => act(() => api.resolve(alert.id, { by: operator, note }))}
      />
      <HoursField hours={hours} setHours={setHours} />
      <button
        type="button"
        onClick={() => act(() => api.createSilence(silenceOf(alert, operator, hours, note)))}
      >
        Silence {alert.source} / {alert.type}
      </button>
      <Failure error={error} />
    </form>
  );
}

export function AlertDetail({
  api,
  id,
  operator,
  changed,
}: {
  api: Api;
  id: string;
  operator: string;
  changed: () => void;
}) {
  const { data, error, refresh } = usePoll(() => api.alert(id), [id], { baseMs: 5000 });
  if (error && !data) return <Failure error={error} />;
  if (!data) return <p>Loading…</p>;
  const { alert, timeline } = data;
  return (
    <Section title={`Alert ${alert.source} / ${alert.type}`}>
      <p>
        <Badge value={alert.severity} /> <Badge value={alert.state} kind="state" /> {alert.count} event(s),
        first <When at={alert.firstSeenAt} />, last <When at={alert.lastSeenAt} />
      </p>
      {alert.lastMessage ? <p>{alert.lastMessage}</p> : null}
      <p>
        <a href={href('events', { source: alert.source, type: alert.type })}>Its events</a>
      </p>
      <Actions
        api={api}
        alert={alert}
        operator={operator}
        changed={() => {
          refresh();
          changed();
        }}
      />
      <h3>Timeline</h3>
      <ol class="timeline">
        {timeline.map((entry) => (
          <li key={`${entry.at}-${entry.kind}`}>
            <When at={entry.at} /> <strong>{entry.kind}</strong>
            {entry.by ? ` by ${entry.onBehalfOf ?? entry.by}` : ''}
            {entry.note ? `: ${entry.note}` : ''}
          </li>
        ))}
      </ol>
    </Section>
  );
}
