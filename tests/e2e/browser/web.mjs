// SPDX-License-Identifier: AGPL-3.0-or-later
// The web UI in a real browser (Debian's chromium through playwright-core).
// Prints TAP lines; the exit status is the number of failures. Run by
// web_browser.sh, which starts the desk with demo data and passes:
//   DESK  the desk's base URL   SHOTS a folder for screenshots, or ""
//   TOOLS tools/browser, where playwright-core is installed
import { createRequire } from 'node:module';

const { chromium } = createRequire(`${process.env.TOOLS}/package.json`)('playwright-core');
const { DESK, SHOTS } = process.env;
let failed = 0, passed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`); }
}
async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ locale: 'cs-CZ', viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error' && !/401/.test(m.text())) problems.push(m.text()); });
page.on('pageerror', (e) => problems.push(String(e)));

try {
  const res = await page.goto(`${DESK}/`);
  check('the desk answers its UI at /', res.status() === 200 &&
    res.headers()['content-type'].startsWith('text/html'));
  check('under a policy without inline script', /script-src 'self';/.test(res.headers()['content-security-policy'] ?? ''));
  await page.waitForURL(/\/sign-in/);
  const h1 = await page.locator('h1').textContent();
  check('a Czech browser gets the sign-in page in Czech', h1 === 'Přihlášení', h1);
  check('the page says it is Czech', await page.getAttribute('html', 'lang') === 'cs');
  await shot(page, 'sign-in');

  await page.fill('input[name=email]', 'eva@example.com');
  await page.fill('input[name=password]', 'not her password');
  await page.click('button[type=submit]');
  const refused = await page.locator('[role=alert]').textContent();
  check('a wrong password is refused in Czech', refused === 'E-mail nebo heslo nesouhlasí.', refused);

  await page.fill('input[name=password]', 'correct horse battery');
  await page.click('button[type=submit]');
  await page.waitForURL(`${DESK}/`);
  check('signed in, the console', await page.locator('h1').textContent() === 'Případy');
  const cookies = await context.cookies();
  const sc = cookies.find((c) => c.name === 'ld_session');
  check('the session is a cookie no script can read', sc && sc.httpOnly && sc.sameSite === 'Strict' &&
    !(await page.evaluate(() => document.cookie)).includes('ld_session'));
  check('and no token is kept in the page', await page.evaluate(() =>
    !/[0-9a-f]{64}/.test(JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))));
  const other = await context.newPage(); // its console is not watched: the refusal is expected
  await other.goto(`${DESK}/no-screen`);
  const forged = await other.evaluate(async () => (await fetch('/api/v1/teams', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"Forged"}',
  })).status);
  await other.close();
  check('a write by cookie without the UI\'s header is refused (CSRF)', forged === 403, String(forged));
  await page.click('[data-test=queue-all]');
  await page.waitForSelector('table.cases tbody tr');
  const rows = await page.locator('table.cases tbody tr').count();
  check('all cases: a page of them', rows === 50, String(rows));
  await shot(page, 'console');

  // A customer found without typing a diacritic.
  const api0 = (p) => page.evaluate(async (path) => (await fetch(`/api/v1${path}`)).json(), p);
  const everyone = (await api0('/customers?limit=200')).items;
  const accented = everyone.find((c) => /[^\x00-\x7f]/.test(c.name.split(' ').pop()));
  const plain = accented.name.split(' ').pop().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  await page.locator('h1').click();
  await page.keyboard.press('/');
  check('/ puts the cursor in the customer search', await page.evaluate(() =>
    document.activeElement?.getAttribute('data-test') === 'search'));
  await page.fill('[data-test=search]', plain);
  await page.waitForSelector('[data-test=found] li');
  const names = await page.locator('[data-test=found] a').allTextContents();
  check(`"${plain}" finds ${accented.name}`, names.includes(accented.name), names.join(', '));
  await page.locator('[data-test=found] a', { hasText: accented.name }).first().click();
  await page.waitForURL(`${DESK}/customers/${accented.id}`);
  const theirs = (await api0(`/cases?customer_id=${accented.id}&limit=200`)).items.length;
  check('the customer page lists their cases', (await page.locator('h1').textContent()) === accented.name &&
    await page.locator('[data-test=customer-cases] li').count() === theirs);
  await shot(page, 'customer');
  await page.goBack();
  await page.click('[data-test=queue-all]');
  await page.waitForSelector('table.cases tbody tr');

  const link = page.locator('table.cases tbody tr a').first();
  const href = await link.getAttribute('href');
  await link.click();
  await page.waitForURL(`${DESK}${href}`);
  await page.waitForSelector('ol.history li');
  const id = Number(href.split('/').pop());
  // The page's own session (its cookie), asked from inside the page.
  const api = (p) => page.evaluate(async (path) => (await fetch(`/api/v1${path}`)).json(), p);
  const kase = await api(`/cases/${id}`);
  const timeline = await api(`/customers/${kase.customer_id}/timeline?limit=200`);
  check('the case is shown', (await page.locator('h1').textContent()).includes(`#${id}`));
  check('with the customer\'s whole history, as the API has it',
    await page.locator('ol.history li').count() === timeline.items.length,
    `${await page.locator('ol.history li').count()} vs ${timeline.items.length}`);
  await shot(page, 'case');

  // An internal note, then a transfer that insists on its handover note.
  const before = await page.locator('ol.history li').count();
  await page.click('[data-test=note]');
  check('an empty note is refused on the page, in Czech',
    (await page.locator('[role=alert]').textContent()) === 'Napište text.');
  await page.fill('[data-test=composer]', 'Zákazník volal, čeká na dobropis.');
  await page.click('[data-test=note]');
  await page.waitForFunction((n) => document.querySelectorAll('ol.history li').length === n + 1, before);
  check('the note is in the history at once',
    (await page.locator('ol.history li').first().textContent()).includes('čeká na dobropis'));
  const options = await page.locator('[data-test=transfer-team] option').evaluateAll((o) => o.map((x) => x.value));
  await page.selectOption('[data-test=transfer-team]', options.find((v) => Number(v) !== kase.team_id));
  await page.click('[data-test=transfer]');
  check('a transfer without a handover note is refused',
    (await page.locator('[role=alert]').textContent()).startsWith('Napište předávací poznámku'));
  const toTeam = Number(await page.locator('[data-test=transfer-team]').inputValue());
  await page.fill('[data-test=handover]', 'Dobropis schválen, jen odeslat.');
  await page.click('[data-test=transfer]');
  await page.waitForSelector('[role=status]');
  const moved = await api(`/cases/${id}`);
  check('with the note it is transferred, as the API confirms', moved.team_id === toTeam &&
    moved.effort.transfers === kase.effort.transfers + 1, JSON.stringify(moved.effort));
  await page.waitForFunction(() => [...document.querySelectorAll('ol.history li')]
    .some((li) => li.textContent.includes('Dobropis schválen')));
  check('and the next person reads the handover note in the history', true);

  // Shortcuts: r writes on the case, / searches from the console.
  await page.locator('h1').click();
  await page.keyboard.press('r');
  check('r puts the cursor in the composer', await page.evaluate(() =>
    document.activeElement?.getAttribute('data-test') === 'composer'));

  await page.reload();
  await page.waitForSelector('ol.history li');
  check('a deep link reloads, still signed in', page.url() === `${DESK}${href}`);
  const tab = await context.newPage();
  await tab.goto(`${DESK}${href}`);
  await tab.waitForSelector('ol.history li');
  check('a new tab is signed in by the cookie', tab.url() === `${DESK}${href}`);
  await tab.close();

  await page.selectOption('[data-test=language]', 'en');
  check('the language can be switched', (await page.locator('main a').first().textContent()).includes('Back to cases'));
  check('and is kept for the next visit', await page.evaluate(() => localStorage.getItem('loyaldesk.language')) === 'en');

  const missing = await page.goto(`${DESK}/no/such/screen`);
  check('an unknown screen is the app\'s own page', missing.status() === 200 &&
    (await page.locator('h1').textContent()) === 'This page does not exist.');
  const api404 = await fetch(`${DESK}/api/v1/no-such-thing`);
  check('the API stays JSON', api404.status === 404 &&
    api404.headers.get('content-type').startsWith('application/json'));
  const escape = await fetch(`${DESK}/assets/..%2F..%2Findex.html`);
  check('no path leaves the UI\'s folder', escape.status === 404);

  // The manager's dashboard: charts, and tables with the API's own figures.
  const boss = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } });
  const dash = await boss.newPage();
  dash.on('pageerror', (e) => problems.push(String(e)));
  dash.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await dash.goto(`${DESK}/sign-in`);
  await dash.fill('input[name=email]', 'admin@example.com');
  await dash.fill('input[name=password]', 'a long password');
  await dash.click('button[type=submit]');
  await dash.waitForURL(`${DESK}/`);
  await dash.click('[data-test=nav-dashboard]');
  await dash.waitForSelector('[data-test=effort-chart] canvas', { timeout: 15000 });
  check('the dashboard draws its charts', await dash.locator('[data-test=trend-chart] canvas').count() > 0);
  const effortApi = await dash.evaluate(async () => (await fetch('/api/v1/reports/effort')).json());
  const shown = await dash.locator('[data-test=table-effort] tr[data-key=high_effort] td').nth(1).textContent();
  check('the effort table shows the figure the API returns', shown === `${(effortApi.high_effort.share * 100).toFixed(1)} %`,
    `${shown} vs ${effortApi.high_effort.share}`);
  const csatApi = await dash.evaluate(async () => (await fetch('/api/v1/reports/csat')).json());
  const months = await dash.locator('[data-test=table-csat] tbody tr td:nth-child(4)').allTextContents();
  check('the CSAT table has six months of answers, none more than the API has in all',
    months.length === 6 && months.reduce((a, x) => a + Number(x), 0) <= csatApi.n);
  await shot(dash, 'dashboard');
  await boss.close();

  // The customer's side: the portal, in Czech.
  const cust = await browser.newContext({ locale: 'cs-CZ', viewport: { width: 1366, height: 768 } });
  const portal = await cust.newPage();
  portal.on('pageerror', (e) => problems.push(String(e)));
  await portal.goto(`${DESK}/sign-in?next=//example.com/`);
  await portal.fill('input[name=email]', 'zakaznik@example.cz');
  await portal.fill('input[name=password]', 'correct horse battery');
  await portal.click('button[type=submit]');
  await portal.waitForURL(`${DESK}/portal`);
  check('a customer lands in the portal, in Czech, and no "next" leads off the site',
    (await portal.locator('h1').textContent()) === 'Moje požadavky');
  await portal.waitForSelector('section[data-loaded=true]'); // her requests are on screen
  const had = await portal.locator('[data-test=my-cases] li').count();
  await portal.fill('[data-test=new-subject]', 'Nefunguje přihlášení do aplikace');
  await portal.fill('[data-test=new-message]', 'Od včerejška mi nejde přihlášení.');
  await portal.click('[data-test=new-send]');
  await portal.waitForFunction((n) => document.querySelectorAll('[data-test=my-cases] li').length === n + 1, had);
  check('she opens a request and sees it among hers',
    (await portal.locator('[data-test=my-cases] li').first().textContent()).includes('Nefunguje přihlášení'));
  await portal.selectOption('[data-test=fb-kind]', 'compliment');
  await portal.fill('[data-test=fb-subject]', 'Děkuji pobočce');
  await portal.fill('[data-test=fb-text]', 'Ochotná a rychlá obsluha.');
  await portal.click('[data-test=fb-send]');
  await portal.waitForSelector('[role=status]');
  const praise = await page.evaluate(async () => (await fetch('/api/v1/compliments?subject=dekuji%20pobocce')).json());
  check('and her compliment reaches the desk from the portal', praise.items.length === 1 &&
    praise.items[0].source === 'portal' && praise.items[0].facility_id !== null);
  await shot(portal, 'portal');
  await portal.goto(`${DESK}/`);
  await portal.waitForURL(`${DESK}/portal`, { timeout: 5000 }).catch(() => {});
  check('the agent console is not hers: the portal', portal.url() === `${DESK}/portal`);
  await cust.close();

  check('the pages ran with no script error and no policy violation', problems.length === 0,
    problems.join(' | '));
} catch (e) {
  check('the walk through the UI', false, String(e));
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed);
