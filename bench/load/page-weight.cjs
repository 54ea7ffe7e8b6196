// The dashboard page as a signed-in leader loads it in Chromium: number of requests and bytes transferred.
// Usage (run.sh does it): BASE=http://127.0.0.1:5391 USER=admin PASS=... CHROMIUM=/usr/bin/chromium node page-weight.cjs
const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage();
  await page.goto(process.env.BASE + '/login');
  await page.fill('#user', process.env.USER_NAME || 'admin');
  await page.fill('#password', process.env.PASS);
  await Promise.all([page.waitForURL(process.env.BASE + '/'), page.click('button[type=submit]')]);
  // Now the dashboard again, from a cold cache, counting every request and its bytes on the wire.
  const context = await browser.newContext();
  await context.addCookies(await page.context().cookies());
  const cold = await context.newPage();
  const client = await cold.context().newCDPSession(cold);
  await client.send('Network.enable');
  let requests = 0, bytes = 0;
  client.on('Network.loadingFinished', e => { requests++; bytes += e.encodedDataLength; });
  client.on('Network.loadingFailed', () => { requests++; });
  await cold.goto(process.env.BASE + '/', { waitUntil: 'networkidle' });
  console.log(`dashboard page: ${requests} requests, ${(bytes / 1024).toFixed(0)} KB transferred (cold cache)`);
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
