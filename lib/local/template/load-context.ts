import type * as z from 'zod/mini';
import type { UnsupportedResource } from '../topology.ts';
import { resolveIntrinsics, UnresolvableError } from './intrinsics.ts';
import { PhysicalIds, type TemplateResource } from './physical-ids.ts';
import { parseProperties, TemplatePropertyError } from './properties.ts';

export interface LoadOptions {
  readonly stackName: string;
  /** Folder of the cloud assembly (`cdk.out`): asset paths are relative to it. */
  readonly assemblyDir: string;
  readonly region: string;
  readonly accountId: string;
  /** Origin of queue URLs (the local SQS endpoint). @default 'http://127.0.0.1' */
  readonly sqsEndpoint?: string;
}

export type Resources = Readonly<Record<string, TemplateResource>>;

/** A resource a loader has in hand: its logical id, type and raw template entry. */
export interface ResourceEntry {
  readonly logicalId: string;
  readonly type: string;
  readonly resource: TemplateResource;
}

/**
 * What every per-kind loader shares: the template's resources, their local names and ARNs, and the
 * list of what is not run locally (with the reason) that each loader adds to.
 */
export class LoadContext {
  readonly ids: PhysicalIds;
  readonly unsupported: UnsupportedResource[] = [];

  constructor(
    readonly resources: Resources,
    readonly options: LoadOptions,
  ) {
    const { stackName, region, accountId, sqsEndpoint } = options;
    this.ids = new PhysicalIds(resources, stackName, region, accountId, sqsEndpoint);
  }

  /** The resources of one type, in template order. */
  of(type: string): ResourceEntry[] {
    return Object.entries(this.resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([logicalId, resource]) => ({ logicalId, type, resource }));
  }

  refuse(logicalId: string, type: string, reason: string): void {
    this.unsupported.push({ logicalId, type, reason });
  }

  /** The local ARN of a resource the loader already knows to have one. */
  arnOf(logicalId: string): string {
    return this.ids.arnOf(logicalId) as string;
  }

  resolve(value: unknown): unknown {
    return resolveIntrinsics(value, this.ids);
  }

  /**
   * The resource's properties read through `schema`, intrinsics resolved first except in the
   * `unresolved` ones (accepted and ignored: resolving them could only fail).
   */
  properties<T>(entry: ResourceEntry, schema: z.ZodMiniType<T>, unresolved: readonly string[] = []): T {
    const raw = entry.resource.Properties ?? {};
    const resolved = Object.fromEntries(
      Object.entries(raw).map(([key, value]) => [
        key,
        unresolved.includes(key) ? value : this.resolve(value),
      ]),
    );
    return parseProperties(schema, resolved, entry);
  }

  /**
   * Loads each resource of `type` with `load`. A resource it cannot load (a reason returned, an
   * intrinsic with no local value, a property out of shape) is listed as not run locally.
   */
  loadEach<T>(type: string, load: (entry: ResourceEntry) => T | string): T[] {
    const loaded: T[] = [];
    for (const entry of this.of(type)) {
      const outcome = this.attempt(entry, () => load(entry));
      if (outcome !== undefined) loaded.push(outcome);
    }
    return loaded;
  }

  /** Runs `load`; on a reason or a template problem, lists the resource and gives undefined. */
  attempt<T>(entry: ResourceEntry, load: () => T | string, type = entry.type): T | undefined {
    try {
      const outcome = load();
      if (typeof outcome !== 'string') return outcome;
      this.refuse(entry.logicalId, type, outcome);
    } catch (error) {
      if (error instanceof TemplatePropertyError) this.refuse(entry.logicalId, type, error.reason);
      else if (error instanceof UnresolvableError) this.refuse(entry.logicalId, type, error.message);
      else throw error;
    }
    return undefined;
  }
}
