import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalLinkAllowed } from './navigation-policy';

describe('the window navigation policy', () => {
  it('hands only https links to listed hosts to the browser', () => {
    expect(externalLinkAllowed('https://huggingface.co/docs/lerobot')).toBe(true);
    expect(externalLinkAllowed('https://github.com/huggingface/lerobot')).toBe(true);
  });

  it('refuses everything else a page asks to open', () => {
    for (const url of [
      'http://huggingface.co/docs', // not https
      'https://evil.example/', // not listed
      'https://huggingface.co.evil.example/', // a listed name as a prefix of another host
      'https://user:pw@github.com/', // credentials
      'https://github.com:8443/', // another port
      'file:///etc/passwd',
      'javascript:alert(1)',
      'praxis://internal',
      'not a url',
      '',
    ]) {
      expect(externalLinkAllowed(url), url).toBe(false);
    }
  });

  // Electronegativity's AUXCLICK_JS_CHECK reads the BrowserWindow literal: a middle click on a link
  // must not even raise the auxclick event, so Blink's Auxclick feature is off in the window itself.
  it('creates the window with middle-click (Auxclick) disabled and the policy in its handlers', () => {
    const source = readFileSync(join(import.meta.dirname, 'window.ts'), 'utf8');
    const literal = source.slice(source.indexOf('new BrowserWindow('));
    expect(literal.slice(0, literal.indexOf('});'))).toMatch(/disableBlinkFeatures:\s*'[^']*\bAuxclick\b/);
    expect(source).toMatch(/setWindowOpenHandler\([^)]*\)\s*=>[\s\S]*externalLinkAllowed/);
    expect(source).toMatch(/on\('will-navigate'/);
  });
});
