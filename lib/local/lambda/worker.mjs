// One Lambda execution environment, run as a worker thread by execution-environment.ts.
//
// Plain JavaScript on purpose: the host runs under tsx or vitest, whose TypeScript loaders are not
// registered in new workers (the host also starts them with an empty execArgv), so this file must
// load in bare Node. Message shapes mirror protocol.ts.
//
// Init phase: import the handler module once (cold start) and report its duration. Invoke phase:
// one event at a time; module state survives between invocations, as in a warm Lambda.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { pathToFileURL } from 'node:url';
import { isNativeError } from 'node:util/types';
import { parentPort, workerData } from 'node:worker_threads';

/** An error the runtime itself reports (`Runtime.*`): its name is the Lambda error type. */
class RuntimeFault extends Error {
  constructor(errorType, message) {
    super(message);
    this.name = errorType;
  }
}

/** Lambda's error response: `errorType` is the error's name; thrown non-errors keep their typeof. */
function toLambdaError(error) {
  if (isNativeError(error) || error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      stack: String(error.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error) };
}

/** `dir/file.a.b` → module `<codeDir>/dir/file.{js,mjs,cjs}` (Lambda's order), export path `a.b`. */
async function loadHandler(codeDir, handlerString) {
  const base = path.basename(handlerString);
  const dot = base.indexOf('.');
  if (dot < 1 || dot === base.length - 1)
    throw new RuntimeFault('Runtime.MalformedHandlerName', 'Bad handler');
  const moduleName = path.join(path.dirname(handlerString), base.slice(0, dot));
  const file = ['.js', '.mjs', '.cjs']
    .map((extension) => path.resolve(codeDir, moduleName + extension))
    .find((candidate) => existsSync(candidate));
  if (file === undefined) {
    throw new RuntimeFault('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
  }
  let loaded;
  try {
    loaded = await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new RuntimeFault('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    }
    if (error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'MODULE_NOT_FOUND') {
      throw new RuntimeFault('Runtime.ImportModuleError', `${error.name}: ${error.message}`);
    }
    throw error; // any other failure of the module's top level keeps its own type, as on Lambda
  }
  const exportPath = base.slice(dot + 1).split('.');
  const pick = (root) => exportPath.reduce((value, key) => value?.[key], root);
  // A CommonJS module imported from ESM may only expose its exports as `default`.
  const handler = pick(loaded) ?? pick(loaded.default);
  if (handler === undefined) {
    throw new RuntimeFault('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeFault('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  }
  return handler;
}

/** Lambda's context: the environment's fixed fields (in workerData) and the invocation's own. */
function makeContext({ awsRequestId, invokedFunctionArn, deadlineMs }) {
  return {
    awsRequestId,
    ...workerData.context,
    invokedFunctionArn,
    callbackWaitsForEmptyEventLoop: true,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
}

/** Async handlers settle their promise; callback handlers (3 parameters) call back. */
function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (error, result) =>
      error === undefined || error === null ? resolve(result) : reject(error);
    const returned = handler(event, context, callback);
    if (typeof returned?.then === 'function') returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
}

/** Lambda JSON-serializes the response; `undefined` becomes `null`. */
function serialize(value) {
  try {
    return { ok: true, payloadJson: JSON.stringify(value) ?? 'null' };
  } catch (error) {
    return { ok: false, error: { errorType: 'Runtime.MarshalError', errorMessage: String(error?.message) } };
  }
}

/**
 * The handler's stdout and stderr writes go to the host as `log` messages, one per write, posted
 * at once on the port the result takes: they arrive before the result, so the host attributes
 * them to the request without a flush round trip, and lines written before a hang or a crash still
 * arrive. (Node's own worker stdio costs a reply message per write, and a flush per invocation.)
 */
function sendOutputToHost() {
  for (const name of ['stdout', 'stderr']) {
    const decoder = new StringDecoder('utf8');
    const text = ({ chunk, encoding }) =>
      typeof chunk !== 'string'
        ? decoder.write(chunk)
        : encoding === 'utf8' || encoding === 'utf-8'
          ? decoder.end() + chunk
          : decoder.write(Buffer.from(chunk, encoding));
    process[name]._writev = (chunks, callback) => {
      parentPort.postMessage({ type: 'log', stream: name, text: chunks.map(text).join('') });
      callback();
    };
  }
}

async function init() {
  const started = performance.now();
  try {
    const handler = await loadHandler(workerData.codeDir, workerData.handler);
    return { handler, message: { type: 'ready', initDurationMs: performance.now() - started } };
  } catch (error) {
    return { message: { type: 'init-error', error: toLambdaError(error) } };
  }
}

if (workerData.sourceMaps) process.setSourceMapsEnabled(true);
sendOutputToHost();
const { handler, message } = await init();
parentPort.postMessage(message);

// After a failed init the worker has nothing to listen to: it ends and the host discards it.
if (handler) {
  parentPort.on('message', async (invocation) => {
    let outcome;
    try {
      const event = JSON.parse(invocation.eventJson);
      outcome = serialize(await runHandler(handler, event, makeContext(invocation)));
    } catch (error) {
      outcome = { ok: false, error: toLambdaError(error) };
    }
    parentPort.postMessage({ type: 'result', ...outcome });
  });
}
