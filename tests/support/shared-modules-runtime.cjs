/**
 * Jest's module loader, except that a CommonJS package from node_modules is loaded once per jest
 * worker by Node itself and shared by every test file the worker runs.
 *
 * Why: jest gives each test file a module registry of its own, so every file that starts the stack
 * loaded @apollo/gateway, graphql, fastify, mercurius, Prisma's runtime and OpenTelemetry afresh,
 * compiled in the file's own VM context: ~1.5 CPU-s a file before its first test, over 100 files.
 * Our own code (TypeScript through SWC) and ESM-only packages still load per file, so a file's
 * services are its own; only third-party code, which holds no state of ours, is shared. Nothing is
 * mocked in this suite (jest.mock is not used), which is what loading a package past jest gives up.
 *
 * The packages then run in the outer realm: ./shared-intrinsics-environment.cjs makes the test
 * files' Date, Error and collections that realm's, so `instanceof Date` in a driver adapter or
 * `instanceof Error` in Fastify holds for values our code made.
 */
const Runtime = require('jest-runtime').default;
const { createRequire } = require('node:module');

const nativeRequire = createRequire(__filename);
// Jest's own packages stay jest's; content-disposition and cookie are ESM that jest transforms.
const SHARED = /\/node_modules\/(?!(?:jest[^/]*|@jest|expect|content-disposition|cookie)\/)/;

class SharedModulesRuntime extends Runtime {
  requireModuleOrMock(from, moduleName) {
    if (moduleName !== '@jest/globals' && !this._resolution.isCoreModule(moduleName)) {
      let path = null;
      try { path = this._resolution.resolveCjs(from, moduleName); } catch { /* jest's own path reports it */ }
      if (path && SHARED.test(path) && !this._resolution.shouldLoadAsEsm(path)) return nativeRequire(path);
    }
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharedModulesRuntime;
