import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { CloneProgress } from '../../src/shared/clone-contract.js';
import { createActivityHooks, type Hold } from '../support/activity-hooks.js';
import { cloneOutcome } from '../support/clones.js';
import { REPO_ROOT } from '../support/paths.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';
import { builtWebUi } from '../support/web.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const WEEK1 = 'BIO 101 — Week 1: The Cell';
const WEEK2 = 'Biología 101 — Semana 2: Membranas 🧫';
const OFFICE_HOURS = 'BIO 101 — Office Hours';
const CLONE_NAME = `Cloned - ${WEEK1}`;
const EDITED = 'Spring term: edited while the clone was running.';
const LAPTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

// Faculty's whole path through the page, in a real Chromium, against the sample course.
describe('cloning a room from the web UI', () => {
  let stack: TestStack;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const requests: { method: string; url: string }[] = [];
  // Console errors include the browser's reports of what the content security policy refused.
  const pageErrors: string[] = [];
  // A clone whose new room carries a name held here waits before copying its interactions.
  const hooks = createActivityHooks();
  const holds: Hold[] = [];

  function holdClonesNamed(name: string): Hold {
    const hold = hooks.holdBefore(name, 'copyInteractions');
    holds.push(hold);
    return hold;
  }

  before(async () => {
    stack = await startTestStack({
      webRoot: await builtWebUi(),
      devSignIn: true,
      wrapActivities: hooks.wrap,
    });

    profile = await mkdtemp(path.join(tmpdir(), 'room-clone-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: LAPTOP,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(60_000);
    page.on('request', (request) =>
      requests.push({ method: request.method(), url: request.url() }),
    );
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    for (const hold of holds) hold.gate.open();
    await context?.close();
    await stack?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  async function screenshot(name: string, fullPage = false): Promise<void> {
    await page.screenshot({
      path: path.join(SCREENSHOTS, `${name}.png`),
      fullPage,
      animations: 'disabled',
      caret: 'hide',
    });
  }

  const text = async (locator: ReturnType<Page['locator']>) => (await locator.textContent()) ?? '';

  /** Waits until `locator` has the keyboard focus (the page moves it after rendering). */
  const focused = (locator: ReturnType<Page['locator']>, what: string) =>
    waitFor(what, async () =>
      (await locator.evaluate((element) => element === element.ownerDocument.activeElement))
        ? true
        : undefined,
    );

  const yourRooms = () => page.getByRole('region', { name: 'Your rooms' });
  const cloneCard = (name: string) =>
    page.getByRole('region', { name: 'Your clones' }).getByRole('article', { name });

  test('signs in as u-amoreno with the user picker', async () => {
    await page.goto(stack.baseUrl);
    const ana = page.getByRole('button', { name: /Ana Moreno/ });
    await ana.waitFor();
    await screenshot('01-sign-in');
    await ana.click();

    await yourRooms().getByRole('heading', { name: WEEK1 }).waitFor();
    await page.getByText('Signed in as').getByText('Ana Moreno').waitFor();
    await screenshot('02-rooms');
  });

  test('the menu of "BIO 101 — Office Hours" says why it cannot be cloned', async () => {
    const actions = yourRooms().getByRole('button', { name: `Actions for ${OFFICE_HOURS}` });
    await actions.focus();
    await page.keyboard.press('Enter');
    const open = page.getByRole('menuitem', { name: 'Open room' });
    await open.waitFor();
    await focused(open, 'the menu opens on its first item');

    await page.keyboard.press('ArrowDown');
    const clone = page.getByRole('menuitem', { name: /Clone room/ });
    await focused(clone, 'ArrowDown moves to "Clone room"');
    assert.equal(await clone.getAttribute('aria-disabled'), 'true');
    assert.match(await text(clone), /Chat and collaboration is turned off for this room/);
    await screenshot('03-refusal');

    await page.keyboard.press('Enter');
    assert.equal(await page.locator('dialog[open]').count(), 0, 'a refused clone opens nothing');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await focused(actions, 'Escape returns to the menu button');
  });

  let cloneId = '';
  let targetRoomId = '';
  const week1Hold = holdClonesNamed(CLONE_NAME);

  test('clones "BIO 101 — Week 1: The Cell" from its menu; the dialog says it is in progress', async () => {
    await yourRooms()
      .getByRole('button', { name: `Actions for ${WEEK1}` })
      .click();
    await page.getByRole('menuitem', { name: 'Clone room' }).click();

    const dialog = page.getByRole('dialog', { name: `Clone “${WEEK1}”` });
    const name = dialog.getByLabel('Name');
    await name.waitFor();
    assert.equal(await name.inputValue(), CLONE_NAME, 'the name is the default clone name');
    await focused(name, 'the dialog opens on the name');
    await screenshot('04-clone-dialog');

    const started = page.waitForResponse(
      (response) => response.request().method() === 'POST' && /\/clones$/.test(response.url()),
    );
    await dialog.getByRole('button', { name: 'Save' }).click();
    const answer = await started;
    assert.equal(answer.status(), 202);
    cloneId = ((await answer.json()) as CloneProgress).id;

    const confirmation = page.getByRole('dialog', { name: 'Clone in progress' });
    await confirmation.waitFor();
    assert.match(await text(confirmation), /is in progress/);
    await screenshot('05-clone-in-progress');
    await confirmation.getByRole('button', { name: 'Follow the clone' }).click();
    await confirmation.waitFor({ state: 'detached' });
    await focused(
      cloneCard(CLONE_NAME).getByRole('heading', { name: CLONE_NAME }),
      'focus to move',
    );
  });

  test('while the clone runs, the description is edited and shown applied', async () => {
    await week1Hold.reached.passed;
    const card = cloneCard(CLONE_NAME);
    await card.getByText('Done: 7 of 7').waitFor();
    await card.getByText('Done: 5 of 5').waitFor();

    await card.getByLabel('Description').fill(EDITED);
    await card.getByRole('button', { name: 'Save changes' }).click();
    await card.getByText('Your changes are applied to the new room.').waitFor();

    const percent = Number.parseInt(await text(card.getByTestId('overall-percent')), 10);
    assert.ok(percent > 0 && percent < 100, `mid-clone at ${percent} %`);
    const running = await stack.call<CloneProgress>('GET', `/api/clones/${cloneId}`, {
      user: 'u-amoreno',
    });
    assert.equal(running.body.status, 'running', 'the clone is still held mid-way');
    assert.ok(running.body.targetRoomId);
    targetRoomId = running.body.targetRoomId;
    const room = await stack.call('GET', `/api/rooms/${targetRoomId}`, { user: 'u-amoreno' });
    assert.equal(room.body.description, EDITED, 'the edit reached the new room mid-clone');
    await screenshot('06-editing-while-running', true);
  });

  test('progress reaches 100 %, and a badge and a toast link to the new room', async () => {
    week1Hold.gate.open();
    const card = cloneCard(CLONE_NAME);
    await card.getByText('Your new room is ready').waitFor();
    assert.equal(await text(card.getByTestId('overall-percent')), '100 %');

    const toast = page.getByTestId('toast').filter({ hasText: CLONE_NAME });
    await toast.waitFor();
    assert.match(await text(page.getByTestId('notification-badge')), /\b1\b/);
    await yourRooms().getByRole('heading', { name: CLONE_NAME }).waitFor();
    await screenshot('07-clone-finished');

    await toast.getByRole('link', { name: 'Open the new room' }).click();
    await page.waitForURL(`**/rooms/${targetRoomId}`);
  });

  test('the new room has the edited description and the copied storyboard', async () => {
    await page.getByRole('heading', { level: 1, name: CLONE_NAME }).waitFor();
    assert.equal(await text(page.getByTestId('room-description')), EDITED);

    const sourceId = await stack.roomIdByName(WEEK1);
    const source = await stack.call('GET', `/api/rooms/${sourceId}/storyboard`, {
      user: 'u-amoreno',
    });
    const sourceAssets = await stack.call('GET', `/api/rooms/${sourceId}/assets`, {
      user: 'u-amoreno',
    });
    const titleOf = (assetId: string) =>
      sourceAssets.body.items.find((asset: { id: string }) => asset.id === assetId)?.title;
    const expected = source.body.items.map(
      (item: { type: string; title?: string; assetId?: string }) =>
        item.type === 'slide' ? item.title : titleOf(item.assetId ?? ''),
    );
    const shown = await page
      .getByTestId('storyboard')
      .locator('.storyboard-item .item-title')
      .allTextContents();
    assert.equal(shown.length, 7);
    assert.deepEqual(shown, expected, 'the same storyboard, in the same order');
    await page.getByRole('link', { name: `“${WEEK1}”` }).waitFor();
    await screenshot('08-new-room', true);

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').click();
    const course = page.getByRole('region', { name: 'BIO 101 - Introduction to Cell Biology' });
    await course.getByRole('heading', { name: CLONE_NAME }).waitFor();
    await yourRooms().getByRole('heading', { name: CLONE_NAME }).waitFor();
  });

  test('a cancelled clone says what happened', async () => {
    const name = `Cloned - ${WEEK2}`;
    const hold = holdClonesNamed(name);
    const actions = yourRooms().getByRole('button', { name: `Actions for ${WEEK2}` });
    const dialog = page.getByRole('dialog', { name: `Clone “${WEEK2}”` });

    // By keyboard: ArrowUp opens the menu on its last item; Escape leaves the dialog unsaved.
    await actions.focus();
    await page.keyboard.press('ArrowUp');
    await focused(page.getByRole('menuitem', { name: 'Clone room' }), 'ArrowUp opens on the last');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await focused(actions, 'closing the dialog returns to the menu button');

    await actions.click();
    await page.getByRole('menuitem', { name: 'Clone room' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Follow the clone' }).click();
    await hold.reached.passed;

    const card = cloneCard(name);
    await card.getByRole('button', { name: 'Cancel clone' }).click();
    await card.getByRole('button', { name: 'Yes, cancel the clone' }).click();
    await card.getByText('The clone was cancelled').waitFor();
    assert.match(await text(card), /Nothing was added to your course/);
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({
      path: path.join(SCREENSHOTS, '09-clone-cancelled.png'),
      animations: 'disabled',
      caret: 'hide',
    });
    hold.gate.open();
    await card.getByRole('button', { name: 'Dismiss' }).click();
    await card.waitFor({ state: 'detached' });
  });

  test('reads on a phone', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(stack.baseUrl);
    await yourRooms().getByRole('heading', { name: CLONE_NAME }).waitFor();
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    assert.ok(width <= PHONE.width, `no sideways scrolling (${width}px)`);
    await screenshot('10-phone');
    await page.setViewportSize(LAPTOP);
  });

  test('a token from the LMS in the address fragment signs in; a member may not clone', async () => {
    const tab = await context.newPage();
    try {
      await tab.goto(`${stack.baseUrl}/#token=${await stack.token('u-cliu')}`);
      await tab.getByText('Signed in as').getByText('u-cliu').waitFor();
      assert.equal(new URL(tab.url()).hash, '', 'the token is taken off the address');
      await tab.getByText('You do not own or co-edit any room yet.').waitFor();

      const course = tab.getByRole('region', { name: 'BIO 101 - Introduction to Cell Biology' });
      await course.getByRole('button', { name: `Actions for ${WEEK1}` }).click();
      const clone = tab.getByRole('menuitem', { name: /Clone room/ });
      assert.equal(await clone.getAttribute('aria-disabled'), 'true');
      assert.match(await text(clone), /Only the room’s owner or a co-editor can clone it/);
    } finally {
      await tab.close();
    }
  });

  test('the page followed the event stream, asked no other host and logged no error', async () => {
    const ended = await cloneOutcome(stack, cloneId, 'u-amoreno');
    assert.equal(ended.status, 'completed');
    const origin = new URL(stack.baseUrl).origin;
    const elsewhere = requests.filter(
      (request) => !request.url.startsWith(`${origin}/`) && !/^(data|blob):/.test(request.url),
    );
    assert.deepEqual(elsewhere, [], 'every request went to the product itself');
    assert.deepEqual(pageErrors, [], 'no script error, nothing refused by the policy');
    const paths = requests.map((request) => `${request.method} ${new URL(request.url).pathname}`);
    assert.ok(paths.includes(`GET /api/clones/${cloneId}/events`), 'progress came as events');
    assert.ok(!paths.includes(`GET /api/clones/${cloneId}`), 'the page never polled the clone');
    assert.ok(paths.includes(`PATCH /api/clones/${cloneId}/metadata`));
  });
});
