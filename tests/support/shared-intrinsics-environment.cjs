/**
 * Jest's node environment, with the outer realm's Date, errors, collections and typed arrays as
 * the test files' globals (jest already does this for Buffer, ArrayBuffer and Uint8Array).
 *
 * Why: third-party packages run in the outer realm (./shared-modules-runtime.cjs). A Date our code
 * makes with `new Date()` must pass a driver adapter's `instanceof Date`, and an Error it throws
 * Fastify's `instanceof Error`, as they do in production, where there is one realm. Literals (`{}`,
 * `[]`, `/x/`) and the engine's own errors still belong to the file's context; nothing in the
 * suite's path tests those with instanceof across the line.
 */
const { TestEnvironment } = require('jest-environment-node');

const OUTER_REALM = [
  'Date', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'DataView', 'Int8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class SharedIntrinsicsEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of OUTER_REALM) this.global[name] = globalThis[name];
  }
}

module.exports = SharedIntrinsicsEnvironment;
