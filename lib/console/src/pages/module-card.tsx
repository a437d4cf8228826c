import type { ModuleView } from '#lib/client/types.ts';
import { href } from '../router.ts';

const LAYERS = ['lifecycle', 'operational', 'health'] as const;

/** A module's three layers, each coloured by its state (see styles.css `.layer-*`). */
export function ModuleCard({ module, at }: { module: ModuleView; at?: string | undefined }) {
  return (
    <article
      class={`card health-${module.health}`}
      data-module={module.name}
      data-health={module.health}
      aria-label={`Module ${module.name}`}
    >
      <h3>
        <a href={href('modules', { name: module.name })}>{module.name}</a>
      </h3>
      <dl>
        {LAYERS.map((layer) => (
          <div key={layer} class={`layer layer-${module[layer]}`} data-layer={layer}>
            <dt>{layer}</dt>
            <dd>{module[layer]}</dd>
          </div>
        ))}
      </dl>
      <p class="muted">
        version {module.version}
        {at ? ` as of ${new Date(at).toLocaleString()}` : ''}
      </p>
    </article>
  );
}
