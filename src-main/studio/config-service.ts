import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type ConfigDocument, ErrorCodes, PraxisError } from '../api';
import { writeFileAtomic } from '../dataset';
import { BUILTIN_PROFILES, parseRobotProfile, type RobotProfile } from '../robot';
import { RobotProfileSchema } from '../robot/profiles';

const PROFILES = 'profiles';

/**
 * The user's configuration folder: custom robot profiles as JSON, edited in the studio's editor.
 * Nothing invalid is ever written: a profile is parsed with the same schema the robot link uses, and
 * files are replaced atomically (temp + rename) so a crash never leaves half a profile.
 */
export class ConfigService {
  private readonly schema = z.toJSONSchema(RobotProfileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

  constructor(readonly root: string) {}

  async files(): Promise<{ path: string; kind: 'robot-profile' }[]> {
    try {
      const names = await readdir(join(this.root, PROFILES));
      return names
        .filter((n) => /^[A-Za-z0-9_-]+\.json$/.test(n))
        .sort()
        .map((n) => ({ path: `${PROFILES}/${n}`, kind: 'robot-profile' as const }));
    } catch {
      return [];
    }
  }

  async read(path: string): Promise<ConfigDocument> {
    let text: string;
    try {
      text = await readFile(join(this.root, path), 'utf8');
    } catch {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `No config file ${path}.`, 'Create it with "New profile", or pick one from the list.');
    }
    return { path, kind: 'robot-profile', text, schema: this.schema };
  }

  async write(path: string, text: string): Promise<ConfigDocument> {
    const profile = parseRobotProfile(text); // coded INVALID_ARGUMENT naming the field
    const id = path.slice(PROFILES.length + 1, -'.json'.length);
    if (profile.id !== id) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `The profile's id is "${profile.id}" but the file is ${path}.`, `Set "id": "${id}", or save it as profiles/${profile.id}.json.`);
    }
    if (BUILTIN_PROFILES[id]) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `"${id}" is a built-in profile.`, 'Give your profile another id, e.g. my_so101.');
    }
    await mkdir(join(this.root, PROFILES), { recursive: true });
    await writeFileAtomic(join(this.root, path), text);
    return { path, kind: 'robot-profile', text, schema: this.schema };
  }

  async newProfile(id: string, from: string): Promise<ConfigDocument> {
    const base = BUILTIN_PROFILES[from] ?? (await this.customProfiles())[from];
    if (!base) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `No profile "${from}" to start from.`, `Start from one of: ${Object.keys(BUILTIN_PROFILES).join(', ')}.`);
    const path = `${PROFILES}/${id}.json`;
    if ((await this.files()).some((f) => f.path === path)) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `${path} already exists.`, 'Open it from the list, or pick another name.');
    }
    const text = `${JSON.stringify({ ...base, id, displayName: `${base.displayName} (custom)` }, null, 2)}\n`;
    return this.write(path, text);
  }

  /** Valid custom profiles by id; broken files are skipped here (the editor shows their errors). */
  async customProfiles(): Promise<Record<string, RobotProfile>> {
    const out: Record<string, RobotProfile> = {};
    for (const f of await this.files()) {
      try {
        const p = parseRobotProfile(await readFile(join(this.root, f.path), 'utf8'));
        if (!BUILTIN_PROFILES[p.id]) out[p.id] = p;
      } catch {
        // skipped: shown as an error when opened
      }
    }
    return out;
  }
}
