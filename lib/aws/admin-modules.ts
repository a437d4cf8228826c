import { onBehalfOfIn } from '../core/admin/actor.ts';
import { InvalidTransitionError, ModuleNotFoundError } from '../core/state/errors.ts';
import { logKeyOfCursor } from '../core/state/log-cursor.ts';
import { INITIAL_STATE } from '../core/state/model.ts';
import type { ModuleStore, StoredModule } from '../core/state/ports.ts';
import {
  moduleEventRequestSchema,
  moduleListQuerySchema,
  moduleNameSchema,
  moduleQuerySchema,
  transitionsQuerySchema,
} from '../core/state/requests.ts';
import type { ModuleChanges } from '../core/state/service.ts';
import { parseWith, ValidationError } from '../core/validation.ts';
import { type AdminHttpEvent, type AdminRoute, callerOf, jsonBody } from './admin-route.ts';
import { jsonResponse } from './http.ts';
import { ErrorWithContext } from './http-errors.ts';

export interface ModuleAdminDeps {
  readonly modules: Pick<ModuleChanges, 'applyNow'>;
  readonly moduleStore: Pick<ModuleStore, 'get' | 'list' | 'transitions' | 'transitionAt'>;
}

type Route = AdminRoute<ModuleAdminDeps>;

const nameOf = (event: AdminHttpEvent) => parseWith(moduleNameSchema, event.pathParameters?.name, 'name');

/** Page positions are table keys; the cursor wraps them so that callers treat it as opaque. */
const encodeCursor = (after: string | undefined) =>
  after === undefined ? {} : { cursor: Buffer.from(after).toString('base64url') };

function decodeCursor(cursor: string | undefined, prefix: RegExp): string | undefined {
  if (cursor === undefined) return undefined;
  const after = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!prefix.test(after)) throw new ValidationError('cursor', 'is not a cursor this API returned');
  return after;
}

const view = (m: StoredModule) => ({
  name: m.module,
  ...m.state,
  version: m.version,
  updatedAt: m.updatedAt,
});
/** A module before its first transition. */
const initialView = (name: string) => ({ name, ...INITIAL_STATE, version: 0 });

async function existing(deps: ModuleAdminDeps, name: string): Promise<StoredModule> {
  const found = await deps.moduleStore.get(name);
  if (!found) throw new ModuleNotFoundError(`name: no module ${name}`, { field: 'name' });
  return found;
}

/** `GET /modules`: every module with its current state, by name, paginated. */
const listModules: Route = async (event, deps) => {
  const query = parseWith(moduleListQuerySchema, event.queryStringParameters ?? {});
  const after = decodeCursor(query.cursor, /^[A-Za-z0-9._:/-]{1,128}$/);
  const page = await deps.moduleStore.list({ limit: query.limit, ...(after ? { after } : {}) });
  return jsonResponse(200, { modules: page.items.map(view), ...encodeCursor(page.after) });
};

/** `GET /modules/{name}` (now) and `?at=<time>` (time travel: the state the log says it had then). */
const getModule: Route = async (event, deps) => {
  const name = nameOf(event);
  const { at } = parseWith(moduleQuerySchema, event.queryStringParameters ?? {});
  const current = await existing(deps, name);
  if (at === undefined) return jsonResponse(200, { module: view(current) });
  const record = await deps.moduleStore.transitionAt(name, at);
  return jsonResponse(200, {
    module: record
      ? { name, ...record.state, version: record.version, updatedAt: record.appliedAt }
      : initialView(name),
    at,
  });
};

/** `GET /modules/{name}/transitions?from=&to=`: the log, oldest first. */
const listTransitions: Route = async (event, deps) => {
  const name = nameOf(event);
  const query = parseWith(transitionsQuerySchema, event.queryStringParameters ?? {});
  await existing(deps, name);
  const after = logKeyOfCursor(query.cursor, query);
  const page = await deps.moduleStore.transitions(name, {
    limit: query.limit,
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(after ? { after } : {}),
  });
  return jsonResponse(200, { transitions: page.items, ...encodeCursor(page.after) });
};

/**
 * `POST /modules/{name}/events` `{type, data?, by?}`: applies now. 200 with the new state, or 409
 * with the refusal (`Cannot transition from … with event …`) and the state that refused it.
 */
const postModuleEvent: Route = async (event, deps) => {
  const name = nameOf(event);
  const request = parseWith(moduleEventRequestSchema, jsonBody(event));
  // The actor is the signed IAM caller, never a name from the body (that is kept as onBehalfOf).
  const by = callerOf(event);
  const onBehalfOf = onBehalfOfIn(request);
  try {
    const { module, record } = await deps.modules.applyNow(
      name,
      { type: request.type, ...(request.data ? { data: request.data } : {}) },
      // Without anyone to record, an override is refused (OVERRIDE_NOT_ALLOWED); other events need no one.
      { origin: 'admin', by: by ?? '', ...(onBehalfOf === undefined ? {} : { onBehalfOf }) },
    );
    return jsonResponse(200, { module: view(module), transition: record });
  } catch (error) {
    if (!(error instanceof InvalidTransitionError)) throw error;
    const current = await deps.moduleStore.get(name);
    throw new ErrorWithContext(error, { module: current ? view(current) : initialView(name) });
  }
};

export const MODULE_ROUTES: Readonly<Record<string, Route>> = {
  'GET /modules': listModules,
  'GET /modules/{name}': getModule,
  'GET /modules/{name}/transitions': listTransitions,
  'POST /modules/{name}/events': postModuleEvent,
};
