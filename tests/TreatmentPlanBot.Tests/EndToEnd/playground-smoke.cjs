// Drives the Microsoft 365 Agents Playground in headless Chromium, as a person would: open it, wait for the bot's
// greeting, type "help", wait for the help card. Prints what it saw; exits 1 when something did not appear.
// Usage: node playground-smoke.cjs <playground url> <chromium path>
const path = require('node:path');
const { createRequire } = require('node:module');
const requireFromRepo = createRequire(path.join(process.cwd(), 'package.json'));
const { chromium } = requireFromRepo('playwright-core');

const [url, executablePath] = process.argv.slice(2);
const timeout = 30000;

(async () => {
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url, { waitUntil: 'networkidle', timeout });
    await page.getByText("Hello, I'm TreatmentPlanBot", { exact: false }).first().waitFor({ timeout });
    console.log('seen: greeting');
    const box = page.locator('[contenteditable="true"], textarea, input[type="text"]').first();
    await box.click();
    await box.fill('help');
    await page.keyboard.press('Enter');
    await page.getByText('What I can do', { exact: true }).first().waitFor({ timeout });
    console.log('seen: help card');
  } catch (error) {
    console.error(`not seen: ${error.message.split('\n')[0]}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
})();
