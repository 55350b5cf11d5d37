import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../api';
import { ConfigService } from './config-service';

describe('ConfigService', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'praxis-config-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates a custom profile from a built-in one, and lists and offers it', async () => {
    const config = new ConfigService(root);
    const doc = await config.newProfile('my_arm', 'so101_follower');
    expect(doc.path).toBe('profiles/my_arm.json');
    expect(JSON.parse(doc.text)).toMatchObject({ id: 'my_arm', protocol: 'feetech' });
    expect(doc.schema).toMatchObject({ type: 'object' });
    expect(await config.files()).toEqual([{ path: 'profiles/my_arm.json', kind: 'robot-profile' }]);
    expect(Object.keys(await config.customProfiles())).toEqual(['my_arm']);
  });

  it('refuses an invalid profile with a coded error naming the field, and leaves the file as it was', async () => {
    const config = new ConfigService(root);
    const doc = await config.newProfile('my_arm', 'so101_follower');
    const broken = JSON.parse(doc.text);
    broken.joints[0].lower = 5;
    broken.joints[0].upper = -5;
    await expect(config.write(doc.path, JSON.stringify(broken))).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    await expect(config.write(doc.path, '{ "id": ')).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT, message: expect.stringContaining('JSON') });
    expect(await readFile(join(root, doc.path), 'utf8')).toBe(doc.text);
    // No temp files left behind.
    expect(await readdir(join(root, 'profiles'))).toEqual(['my_arm.json']);
  });

  it('refuses a profile whose id does not match its file, or that shadows a built-in', async () => {
    const config = new ConfigService(root);
    const doc = await config.newProfile('my_arm', 'koch_follower');
    const renamed = { ...JSON.parse(doc.text), id: 'other' };
    await expect(config.write(doc.path, JSON.stringify(renamed))).rejects.toMatchObject({ message: expect.stringContaining('"other"') });
    await expect(config.newProfile('so101_follower', 'koch_follower')).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
  });
});
