import type { AlertState } from '#lib/client/types.ts';
import type { Api } from '../api.ts';
import type { PageProps } from '../app.tsx';
import { usePoll } from '../poll.ts';
import { href } from '../router.ts';
import { Badge, Failure, ListTable, Section, Staleness, When } from '../ui.tsx';
import { AlertDetail } from './alert-detail.tsx';

const TABS: readonly AlertState[] = ['new', 'acknowledged', 'resolved'];

function Silences({ api }: { api: Api }) {
  const { data, error, refresh } = usePoll(() => api.silences(), [api], { baseMs: 10_000 });
  const expire = async (id: string) => {
    await api.expireSilence(id);
    refresh();
  };
  return (
    <Section title="Silences">
      <Failure error={error} />
      <ListTable label={'Silences'} columns={['State', 'Matches', 'Ends', 'By', 'Comment', 'Action']}>
        {(data?.silences ?? []).map((s) => (
          <tr key={s.id}>
            <td>{s.state}</td>
            <td>
              {s.matchers.map((m) => `${m.field}=${m.value}${m.match === 'prefix' ? '*' : ''}`).join(', ')}
            </td>
            <td>
              <When at={s.endsAt} />
            </td>
            <td>{s.createdBy}</td>
            <td>{s.comment}</td>
            <td>
              {s.state !== 'expired' ? (
                <button type="button" onClick={() => expire(s.id)}>
                  Expire
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </ListTable>
    </Section>
  );
}

export function AlertsPage({ api, route, operator }: PageProps) {
  const state = (route.params.get('state') ?? 'new') as AlertState;
  const selected = route.params.get('id') ?? undefined;
  const source = route.params.get('source') ?? undefined;
  const { data, error, delayMs, refresh } = usePoll(
    () => api.alerts({ state, limit: 100, ...(source ? { source } : {}) }),
    [api, state, source],
  );
  return (
    <div class="split">
      <div>
        <div role="tablist" aria-label="Alert states">
          {TABS.map((tab) => (
            <a key={tab} role="tab" aria-selected={tab === state} href={href('alerts', { state: tab })}>
              {tab}
            </a>
          ))}
        </div>
        <Staleness error={error} delayMs={delayMs} />
        <ListTable
          label={`Alerts ${state}`}
          columns={['Severity', 'Alert', 'Count', 'First seen', 'Last seen']}
        >
          {(data?.alerts ?? []).map((alert) => (
            <tr key={alert.id} data-alert-id={alert.id} aria-selected={alert.id === selected}>
              <td>
                <Badge value={alert.severity} />
              </td>
              <td>
                <a href={href('alerts', { state, id: alert.id })}>
                  {alert.source} / {alert.type}
                </a>
                <div class="muted">{alert.lastMessage}</div>
              </td>
              <td>{alert.count}</td>
              <td>
                <When at={alert.firstSeenAt} />
              </td>
              <td>
                <When at={alert.lastSeenAt} />
              </td>
            </tr>
          ))}
        </ListTable>
        <Silences api={api} />
      </div>
      {selected ? <AlertDetail api={api} id={selected} operator={operator} changed={refresh} /> : null}
    </div>
  );
}
