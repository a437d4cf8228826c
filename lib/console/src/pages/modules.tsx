import type { PageProps } from '../app.tsx';
import { usePoll } from '../poll.ts';
import { Staleness } from '../ui.tsx';
import { ModuleCard } from './module-card.tsx';
import { ModuleDetail } from './module-detail.tsx';

export function ModulesPage({ api, route, operator }: PageProps) {
  const { data, error, delayMs } = usePoll(() => api.modules({ limit: 100 }), [api]);
  const name = route.params.get('name') ?? undefined;
  return (
    <div class="split">
      <div>
        <Staleness error={error} delayMs={delayMs} />
        <div class="cards">
          {(data?.modules ?? []).map((module) => (
            <ModuleCard key={module.name} module={module} />
          ))}
        </div>
        {data && data.modules.length === 0 ? <p>No module has reported a state yet.</p> : null}
      </div>
      {name ? (
        <ModuleDetail api={api} name={name} at={route.params.get('at') ?? undefined} operator={operator} />
      ) : null}
    </div>
  );
}
