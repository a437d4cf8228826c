import type { Api } from './api.ts';
import { AlertsPage } from './pages/alerts.tsx';
import { EventsPage } from './pages/events.tsx';
import { ModulesPage } from './pages/modules.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { ReplayPage } from './pages/replay.tsx';
import { SubscriptionsPage } from './pages/subscriptions.tsx';
import { href, type Route, useRoute } from './router.ts';

const PAGES = [
  ['overview', 'Overview', OverviewPage],
  ['events', 'Events', EventsPage],
  ['alerts', 'Alerts', AlertsPage],
  ['modules', 'Modules', ModulesPage],
  ['replay', 'Replay', ReplayPage],
  ['subscriptions', 'Subscriptions', SubscriptionsPage],
] as const;

export interface PageProps {
  readonly api: Api;
  readonly route: Route;
  /** Who acts, for the `by` of acknowledgements and resolutions. */
  readonly operator: string;
}

export function App({ api, operator, mode }: { api: Api; operator: string; mode: string }) {
  const route = useRoute();
  const [, title, Page] = PAGES.find(([page]) => page === route.page) ?? PAGES[0];
  return (
    <>
      <header>
        <span class="brand">Vigil</span>
        <nav aria-label="Pages">
          {PAGES.map(([page, label]) => (
            <a key={page} href={href(page)} aria-current={page === route.page ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span class="who">
          {operator} · {mode}
        </span>
      </header>
      <main>
        <h1>{title}</h1>
        <Page api={api} route={route} operator={operator} />
      </main>
    </>
  );
}
