// Renders media/icon.svg to the 128x128 media/icon.png the marketplace needs, with Debian's chromium.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(
  '/usr/bin/chromium',
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--hide-scrollbars',
    '--default-background-color=00000000',
    '--window-size=128,128',
    `--screenshot=${path.join(root, 'media', 'icon.png')}`,
    `file://${path.join(root, 'media', 'icon.svg')}`,
  ],
  { stdio: 'inherit' },
);
