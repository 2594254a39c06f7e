// Turns chosen end-to-end screenshots (test/e2e/screenshots/*.png, made by `npm run test:e2e`) into the
// small JPEG crops the README shows (media/screenshots/), with Debian's chromium through playwright-core.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'test/e2e/package.json'));
const { chromium } = require('playwright-core');

// name: [x, y, width, height] of the 1400x900 screenshot to keep.
const CROPS = {
  jwtHover: [340, 80, 840, 300],
  treeView: [0, 40, 720, 420],
  simulateToken: [340, 160, 940, 360],
};
const out = path.join(root, 'media', 'screenshots');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
for (const [name, [x, y, width, height]] of Object.entries(CROPS)) {
  const png = readFileSync(path.join(root, 'test/e2e/screenshots', `${name}.png`)).toString('base64');
  await page.setContent(`<body style="margin:0"><img src="data:image/png;base64,${png}"></body>`);
  await page.screenshot({ path: path.join(out, `${name}.jpg`), type: 'jpeg', quality: 45, clip: { x, y, width, height } });
  console.log(`media/screenshots/${name}.jpg`);
}
await browser.close();
