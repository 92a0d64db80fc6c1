// SPDX-License-Identifier: AGPL-3.0-or-later
// The chat widget in a real browser (Debian's chromium through
// playwright-core): a company's page on one origin embeds the widget of the
// desk on another; a Czech visitor opens it, writes, and is answered by an
// agent who follows the live feed (a Server-Sent Events client here, in
// Node); the visitor answers back and closes. Prints TAP lines; the exit
// status is the number of failures. Run by chat_browser.sh, which starts the
// desk and the company's page and passes:
//   DESK   the desk's base URL        PAGE  the company's page
//   AGENT  an agent's bearer token    SHOTS a folder for screenshots, or ""
//   TOOLS  tools/browser, where playwright-core is installed
import { createRequire } from 'node:module';

const { chromium } = createRequire(`${process.env.TOOLS}/package.json`)('playwright-core');

const { DESK, PAGE, AGENT, SHOTS } = process.env;
let failed = 0, passed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`); }
}

// The agent's side: the live feed, read as it arrives.
const seen = [];
const feed = await fetch(`${DESK}/api/v1/chats/events`, {
  headers: { Authorization: `Bearer ${AGENT}` },
});
check('the agent opens the live feed', feed.status === 200 &&
  feed.headers.get('content-type').startsWith('text/event-stream'));
const decoder = new TextDecoder();
let pending = '';
(async () => {
  for await (const chunk of feed.body) {
    pending += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = pending.indexOf('\n\n')) >= 0) {
      const block = pending.slice(0, end);
      pending = pending.slice(end + 2);
      const data = block.split('\n').find((l) => l.startsWith('data: '));
      if (data) seen.push(JSON.parse(data.slice(6)));
    }
  }
})().catch(() => {});
async function feedHas(pred, ms = 10000) {
  for (const t0 = Date.now(); Date.now() - t0 < ms;) {
    const m = seen.find(pred);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ locale: 'cs-CZ', viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
page.on('pageerror', (e) => problems.push(String(e)));
try {
  await page.goto(PAGE);
  const button = page.locator('#loyaldesk-chat');
  await button.waitFor({ timeout: 10000 });
  check('one script tag adds the chat button', await button.isVisible());
  await button.click();
  const frame = page.frameLocator('#loyaldesk-chat-frame');
  const start = frame.locator('#start button[type=submit]');
  await start.waitFor({ timeout: 10000 });
  check('the chat speaks the browser\'s language (Czech)', (await start.textContent()) === 'Začít chat');
  await frame.locator('input[name=name]').fill('Jana Dvořáková');
  await frame.locator('input[name=email]').fill('jana@example.cz');
  await frame.locator('textarea[name=message]').fill('Dobrý den, nedorazil mi balík 4711.');
  await start.click();
  const bot = frame.locator('.msg.bot');
  await bot.waitFor({ timeout: 10000 });
  check('the bot answers first', (await bot.textContent()).includes('Děkujeme'));
  check('the start form gives way to the message box',
    await frame.locator('#start').isHidden() && await frame.locator('#say').isVisible());

  const first = await feedHas((m) => m.author === 'visitor' && m.body.includes('balík 4711'));
  check('the agent\'s feed carries the visitor\'s message live', first !== null);
  const chat = first ? first.chat_id : 0;
  const reply = await fetch(`${DESK}/api/v1/chats/${chat}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${AGENT}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ body: 'Dobrý den, paní Dvořáková, balík je na cestě.' }),
  });
  check('the agent answers', reply.status === 201);
  const answer = frame.locator('.msg.agent', { hasText: 'balík je na cestě' });
  await answer.waitFor({ timeout: 10000 });
  check('the answer appears in the visitor\'s page without a reload', await answer.isVisible());
  check('… with the agent\'s name', (await answer.locator('.who').textContent()) === 'Eva Nováková');
  check('the visitor is told who joined', await frame.locator('.msg.system', { hasText: 'připojil' }).count() === 1);

  const box = frame.locator('#say textarea');
  await box.fill('Děkuji!');
  await box.press('Enter');
  check('the visitor\'s answer reaches the agent',
    (await feedHas((m) => m.chat_id === chat && m.body === 'Děkuji!')) !== null);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/chat-widget.png` });

  await frame.locator('#end').click();
  await frame.locator('#closed').waitFor({ state: 'visible', timeout: 10000 });
  check('closing shows the chat has ended', await frame.locator('#closed').isVisible());
  check('… and no more can be written', await frame.locator('#say').isHidden());

  const view = await (await fetch(`${DESK}/api/v1/chats/${chat}`,
    { headers: { Authorization: `Bearer ${AGENT}` } })).json();
  check('the chat is closed by the visitor', view.chat.state === 'closed' && view.chat.close_reason === 'visitor');
  const items = (await (await fetch(`${DESK}/api/v1/cases/${view.chat.case_id}/interactions`,
    { headers: { Authorization: `Bearer ${AGENT}` } })).json()).items;
  const contact = items.find((i) => i.id === view.chat.interaction_id);
  check('the transcript lands on the customer\'s case as one chat contact',
    contact && contact.channel === 'chat' && contact.body.includes('balík 4711') &&
    contact.body.includes('Děkuji!') && contact.customer_id === view.chat.customer_id);
  check('the page ran with no script error and no policy violation', problems.length === 0,
    problems.join(' | '));
} catch (e) {
  check('the browser session ran to its end', false, String(e));
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed);
