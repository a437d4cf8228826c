import type { PageProps } from '../app.tsx';
import { EventsChart } from '../chart.tsx';
import { perMinute, SEVERITIES } from '../chart-data.ts';
import { usePoll } from '../poll.ts';
import { href } from '../router.ts';
import { Section, Staleness, When } from '../ui.tsx';

const MINUTES = 30;

async function loadOverview(api: PageProps['api']) {
  const now = Date.now();
  const from = new Date(now - MINUTES * 60_000);
  const [events, fresh, acked, bursts, subscriptions] = await Promise.all([
    api.events({ from, limit: 1000 }),
    api.alerts({ state: 'new', limit: 100 }),
    api.alerts({ state: 'acknowledged', limit: 100 }),
    api.events({ type: 'burst.suppressed', from: new Date(now - 3_600_000), limit: 20 }),
    api.subscriptions(),
  ]);
  const deliveries = await Promise.all(
    subscriptions.subscriptions.map((s) => api.subscriptionDeliveries(s.name, { limit: 100 })),
  );
  const all = deliveries.flatMap((page) => page.deliveries);
  return {
    rows: perMinute(events.events, now, MINUTES),
    open: [...fresh.alerts, ...acked.alerts],
    bursts: bursts.events,
    deadLettered: all.filter((d) => d.status === 'dead-lettered').length,
    retrying: all.filter((d) => d.status === 'retrying').length,
  };
}

export function OverviewPage({ api }: PageProps) {
  const { data, error, delayMs } = usePoll(() => loadOverview(api), [api], { baseMs: 5000 });
  return (
    <div class="grid">
      <Staleness error={error} delayMs={delayMs} />
      <Section title="Events per minute">{data ? <EventsChart rows={data.rows} /> : <p>Loading…</p>}</Section>
      <Section title="Open alerts">
        <ul class="counts">
          {SEVERITIES.filter((s) => s !== 'INFO').map((severity) => (
            <li key={severity} class={`count sev-${severity}`}>
              <a href={href('alerts', { state: 'new' })}>
                <strong data-testid={`open-${severity}`}>
                  {data?.open.filter((a) => a.severity === severity).length ?? '…'}
                </strong>{' '}
                {severity}
              </a>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Deliveries">
        <ul class="counts">
          <li class="count">
            <a href={href('subscriptions')}>
              <strong>{data?.deadLettered ?? '…'}</strong> dead-lettered
            </a>
          </li>
          <li class="count">
            <strong>{data?.retrying ?? '…'}</strong> retrying
          </li>
        </ul>
      </Section>
      <Section title="Burst summaries (last hour)">
        {data?.bursts.length ? (
          <ul>
            {data.bursts.map((event) => (
              <li key={event.id}>
                <When at={event.receivedAt} /> {event.message} (count {String(event.data?.count ?? '?')})
              </li>
            ))}
          </ul>
        ) : (
          <p>No burst was suppressed in the last hour.</p>
        )}
      </Section>
    </div>
  );
}
