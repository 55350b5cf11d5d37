import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config';
import { openStudio, snapshot } from './helpers';

test('writes a custom robot profile in the editor: a bad value is refused by name, a good one reaches the Connect panel', async ({ page }) => {
  await openStudio(page, E2E_TOKEN);
  await page.getByRole('tab', { name: 'Editor' }).click();
  const editor = page.locator('.editor');
  await editor.getByLabel('New profile id').fill('lab_arm');
  await editor.getByLabel('Start from').selectOption('koch_follower');
  await editor.getByRole('button', { name: 'New profile' }).click();
  const monaco = page.getByTestId('monaco-host');
  await expect(monaco).toContainText('"id": "lab_arm"');

  // Break the baud rate: the studio refuses the save and says which field.
  await monaco.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+F');
  await page.keyboard.type('"baudRate"');
  await page.keyboard.press('Escape');
  await page.keyboard.press('End');
  // Koch arms run at 1 Mbaud: erase "1000000," and type a negative rate.
  for (let i = 0; i < '1000000,'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('-5,');
  await page.keyboard.press('ControlOrMeta+S');
  await expect(page.getByTestId('editor-message')).toContainText('baudRate');
  await snapshot(page, 'editor-01-refused');

  // Fix it and save: the profile is offered for serial connections.
  for (let i = 0; i < '-5,'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('57600,');
  await page.keyboard.press('ControlOrMeta+S');
  await expect(page.getByTestId('editor-message')).toContainText('Saved profiles/lab_arm.json');
  await page.getByText('Serial port by path…').click();
  await expect(page.getByTestId('serial-profile').locator('option', { hasText: '(custom)' })).toHaveCount(1);
  await snapshot(page, 'editor-02-saved');
});
