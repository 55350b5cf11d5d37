// Where the studio keeps a user's work, with the environment overrides; light enough for any CLI command.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultModelsRoot(): string {
  return process.env.PRAXIS_MODELS_DIR ?? join(homedir(), 'PraxisStudio', 'models');
}

export function defaultConfigRoot(): string {
  return process.env.PRAXIS_CONFIG_DIR ?? join(homedir(), 'PraxisStudio', 'config');
}

export function defaultDataRoot(): string {
  return process.env.PRAXIS_DATA_DIR ?? join(homedir(), 'PraxisStudio', 'datasets');
}
