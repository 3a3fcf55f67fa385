/**
 * What the config loaders' unit tests share: the issues a loader refuses with, read from its
 * ConfigError (nothing else here: a config test loads no server and no database).
 */
import { ConfigError } from './config.ts';

/** The issues of the ConfigError `load` throws; none if it loads. Any other error is thrown on: it is a bug, not a refusal. */
export function configIssues(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}
