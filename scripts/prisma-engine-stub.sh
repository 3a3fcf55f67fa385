#!/bin/sh
# Prisma's CLI insists on a native schema engine that it cannot download offline. `prisma generate`
# never runs it; migrations go through `npm run migrate` (the engine in WebAssembly) instead.
echo "prisma's native schema engine is not available offline: use 'npm run migrate'" >&2
exit 1
