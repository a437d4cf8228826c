import type { AlertState } from '#lib/client/types.ts';
import type { Api } from '../api.ts';
import type { PageProps } from '../app.tsx';
import { usePoll } from '../poll.ts';
import { href } from '../router.ts';
import { Badge, Failure, Section, Staleness, When } from '../ui.tsx';
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
      <table class="list" aria-label="Silences">
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Matches</th>
            <th scope="col">Ends</th>
            <th scope="col">By</th>
            <th scope="col">Comment</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
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
        <table class="list" aria-label={`Alerts ${state}`}>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Alert</th>
              <th scope="col">Count</th>
              <th scope="col">First seen</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
        <Silences api={api} />
      </div>
      {selected ? <AlertDetail api={api} id={selected} operator={operator} changed={refresh} /> : null}
    </div>
  );
}
