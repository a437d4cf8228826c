import { useState } from 'preact/hooks';
import type { Envelope, EventQuery, Severity } from '#lib/client/types.ts';
import type { Api } from '../api.ts';
import type { PageProps } from '../app.tsx';
import { usePoll } from '../poll.ts';
import { href } from '../router.ts';
import { Badge, Failure, Field, ListTable, Section, SeveritySelect, Staleness, When } from '../ui.tsx';

type Filters = { source: string; type: string; severity: string; minutes: string };

function queryOf(filters: Filters): EventQuery {
  return {
    limit: 100,
    from: new Date(Date.now() - Number(filters.minutes) * 60_000),
    ...(filters.source ? { source: filters.source } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.severity ? { severity: filters.severity as Severity } : {}),
  };
}

function Deliveries({ api, id }: { api: Api; id: string }) {
  const { data, error } = usePoll(() => api.eventDeliveries(id), [id], { baseMs: 10_000 });
  if (error) return <Failure error={error} />;
  if (!data) return <p>Loading deliveries…</p>;
  return (
    <p>
      Deliveries: <strong>{data.outcome}</strong>
      {data.deliveries.map((d) => (
        <span key={d.deliveryId}>
          {' '}
          · <a href={href('subscriptions', { name: d.subscription })}>{d.subscription}</a> {d.status}
        </span>
      ))}
    </p>
  );
}

function Detail({ api, event }: { api: Api; event: Envelope }) {
  return (
    <Section title="Event detail">
      <p>
        {event.severity !== 'INFO' ? (
          <a href={href('alerts', { source: event.source, type: event.type })}>Its alert</a>
        ) : null}
        {event.module ? (
          <>
            {' '}
            · <a href={href('modules', { name: event.module })}>Module {event.module}</a>
          </>
        ) : null}
      </p>
      <Deliveries api={api} id={event.id} />
      <pre class="json">{JSON.stringify(event, null, 2)}</pre>
    </Section>
  );
}

function FilterBar({ filters, set }: { filters: Filters; set: (f: Filters) => void }) {
  const input = (name: keyof Filters, label: string) => (
    <Field label={label} id={`filter-${name}`}>
      <input
        id={`filter-${name}`}
        value={filters[name]}
        onChange={(e) => set({ ...filters, [name]: e.currentTarget.value })}
      />
    </Field>
  );
  return (
    <form class="filters" onSubmit={(e) => e.preventDefault()}>
      {input('source', 'Source')}
      {input('type', 'Type')}
      <SeveritySelect
        id="filter-severity"
        value={filters.severity}
        set={(severity) => set({ ...filters, severity })}
      />
      <Field label="Time range" id="filter-minutes">
        <select
          id="filter-minutes"
          value={filters.minutes}
          onChange={(e) => set({ ...filters, minutes: e.currentTarget.value })}
        >
          <option value="15">last 15 minutes</option>
          <option value="60">last hour</option>
          <option value="1440">last day</option>
        </select>
      </Field>
    </form>
  );
}

export function EventsPage({ api }: PageProps) {
  const [filters, setFilters] = useState<Filters>({ source: '', type: '', severity: '', minutes: '60' });
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<Envelope>();
  const { data, error, delayMs } = usePoll(
    () => api.events(queryOf(filters)),
    [api, JSON.stringify(filters)],
    {
      active: !paused,
    },
  );
  return (
    <div class="split">
      <div>
        <FilterBar filters={filters} set={setFilters} />
        <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <Staleness error={error} delayMs={delayMs} />
        <ListTable
          label={'Events, newest first'}
          columns={['Received', 'Severity', 'Source', 'Type', 'Message']}
        >
          {(data?.events ?? []).map((event) => (
            <tr key={event.id} aria-selected={selected?.id === event.id}>
              <td>
                <button type="button" class="link" onClick={() => setSelected(event)}>
                  <When at={event.receivedAt} />
                </button>
              </td>
              <td>
                <Badge value={event.severity} />
              </td>
              <td>{event.source}</td>
              <td>{event.type}</td>
              <td>{event.message}</td>
            </tr>
          ))}
        </ListTable>
      </div>
      {selected ? <Detail api={api} event={selected} /> : null}
    </div>
  );
}
