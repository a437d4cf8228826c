import { useState } from 'preact/hooks';
import type { Api } from '../api.ts';
import type { PageProps } from '../app.tsx';
import { usePoll } from '../poll.ts';
import { href } from '../router.ts';
import { Failure, ListTable, Section, Staleness, When } from '../ui.tsx';
import { CreateSubscription } from './subscription-form.tsx';

function Deliveries({ api, name }: { api: Api; name: string }) {
  const { data, error, refresh } = usePoll(() => api.subscriptionDeliveries(name, { limit: 100 }), [name], {
    baseMs: 5000,
  });
  const [redrive, setRedrive] = useState<string>();
  const [redriveError, setRedriveError] = useState<unknown>();
  const deliveries = data?.deliveries ?? [];
  const dead = deliveries.filter((d) => d.status === 'dead-lettered').length;
  const run = async () => {
    setRedriveError(undefined);
    try {
      const { redriven, more } = await api.redriveSubscription(name);
      setRedrive(`${redriven} redriven${more ? ', more remain' : ''}`);
      refresh();
    } catch (failure) {
      setRedriveError(failure);
    }
  };
  return (
    <Section title={`Deliveries of ${name}`}>
      <Failure error={error ?? redriveError} />
      <p>
        {dead} dead letter(s){' '}
        <button type="button" onClick={run} disabled={dead === 0}>
          Redrive
        </button>{' '}
        {redrive}
      </p>
      <ListTable
        label={`Deliveries of ${name}`}
        columns={['Updated', 'Event', 'Status', 'Attempt', 'Last error']}
      >
        {deliveries.map((d) => (
          <tr key={d.deliveryId}>
            <td>
              <When at={d.updatedAt} />
            </td>
            <td>{d.eventId}</td>
            <td>{d.status}</td>
            <td>{d.attempt}</td>
            <td>{d.lastError ?? (d.httpStatus ? `HTTP ${d.httpStatus}` : '')}</td>
          </tr>
        ))}
      </ListTable>
    </Section>
  );
}

export function SubscriptionsPage({ api, route }: PageProps) {
  const list = usePoll(() => api.subscriptions(), [api], { baseMs: 10_000 });
  const recent = usePoll(() => api.events({ limit: 200, from: new Date(Date.now() - 3_600_000) }), [api], {
    baseMs: 30_000,
  });
  const name = route.params.get('name') ?? undefined;
  return (
    <div class="split">
      <div>
        <Staleness error={list.error} delayMs={list.delayMs} />
        <ul class="plain" aria-label="Subscriptions">
          {(list.data?.subscriptions ?? []).map((s) => (
            <li key={s.name}>
              <a
                href={href('subscriptions', { name: s.name })}
                aria-current={s.name === name ? 'true' : undefined}
              >
                {s.name}
              </a>{' '}
              → {s.target.url} ({s.target.format})
            </li>
          ))}
        </ul>
        <CreateSubscription api={api} recent={recent.data?.events ?? []} created={list.refresh} />
      </div>
      {name ? <Deliveries api={api} name={name} /> : null}
    </div>
  );
}
