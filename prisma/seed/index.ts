export { seedAll, isSeeded, type SeedOptions, type SeedProgress, type SeedSecrets } from './seed-all.ts';
export { demoFacts, issueDemoKeys, mintDemoTokens, writeDemoCredentials, demoCredentials, type DemoFacts, type DemoCredentials, type DemoTokens } from './demo.ts';
export { createProgressReporter } from './progress.ts';
export { SeedTargetError } from './bulk-writer.ts';
