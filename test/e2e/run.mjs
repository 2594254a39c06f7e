// End-to-end tests: the packaged extension (.vsix) installed into a real VS Code (code-server, from npm)
// and driven through its UI by playwright-core in Debian's headless chromium, on 127.0.0.1 only.
// Usage: node run.mjs [--keep] [--node | --web] [scenario names...]   (see ../../README.md, "End-to-end tests")
// --node: only the Node extension host's scenarios; --web: only the web worker host's (issue 18). Both by default,
// on one .vsix installed once into one profile.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const runDir = path.join(here, '.run');
const shotsDir = path.join(here, 'screenshots');
const codeServer = path.join(here, 'node_modules', '.bin', 'code-server');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const serve = args.includes('--serve');
const only = args.filter((a) => !a.startsWith('--'));
const runNode = !args.includes('--web');
const runWeb = !args.includes('--node');

/** The extension's id (package.json publisher.name). */
const EXTENSION_ID = 'identity-pool-roles.cognito-identity-pool-roles';
/** What the browser client logs on activation (client/src/browser/extensionMain.ts) when it runs in a web worker. */
const WEB_WORKER_HOST_MARK =
  /\[identity-pool-roles\] browser client active in DedicatedWorkerGlobalScope \(process: undefined\); language server in a web worker/;

const TIMEOUT = 30_000;

function log(message) {
  process.stdout.write(`${message}\n`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

function packageExtension() {
  log('e2e: packaging the extension');
  execFileSync('npm', ['run', 'package', '--silent'], { cwd: root, stdio: 'inherit' });
  const vsix = path.join(root, 'identity-pool-roles.vsix');
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

/** One isolated VS Code profile: user data, extensions, XDG folders and a copy of examples/. */
function prepareProfile(name, vsix) {
  const dir = path.join(runDir, name);
  rmSync(dir, { recursive: true, force: true });
  const dirs = {
    dir,
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    workspace: path.join(dir, 'workspace'),
    xdg: path.join(dir, 'xdg'),
    tmp: path.join(dir, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  cpSync(path.join(root, 'examples'), dirs.workspace, { recursive: true });
  // A role-test file with a case that fails on purpose (the testExplorer scenario).
  writeFileSync(
    path.join(dirs.workspace, 'saml', 'failing.role-tests.yaml'),
    'config: roles.json\nidentityPool: identity-pool.json\ncases:\n  - name: a sales rep is an admin (fails on purpose)\n    login: arn:aws:iam::111122223333:saml-provider/CorpADFS\n    claims: { "http://schemas.xmlsoap.org/claims/Group": Sales-EMEA }\n    expect: { roleArn: arn:aws:iam::111122223333:role/CorpData-Admin }\n',
  );
  // A Terraform module (two files, iam.tf with `match_type = "Equal"`) for the terraform scenario.
  cpSync(path.join(root, 'test', 'fixtures', 'lsp', 'terraform-workspace', 'photos'), path.join(dirs.workspace, 'terraform-photos'), { recursive: true });
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  writeSettings(dirs, {});
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
    XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
    TMPDIR: dirs.tmp,
  };
  execFileSync(codeServer, ['--install-extension', vsix, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData], {
    env,
    stdio: 'pipe',
  });
  return { ...dirs, env };
}

/** The profile's user settings; `extra` adds to them (the web phase's `remote.extensionKind`). */
function writeSettings(dirs, extra) {
  writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'json.schemaDownload.enable': false,
        'editor.hover.delay': 200,
        'workbench.tips.enabled': false,
        'security.workspace.trust.startupPrompt': 'never',
        // The run folder sits inside this repository; keep the git extension from asking about it.
        'git.enabled': false,
        'git.openRepositoryInParentFolders': 'never',
        // The example tokens were issued at a fixed time; judge them at that time.
        'identityPoolRoles.clock': '2026-01-01T00:10:00Z', // --now 1767226200 of examples/tokens/README.md
        'identityPoolRoles.jwksFiles': [path.join(dirs.workspace, 'tokens', 'jwks.json')],
        ...extra,
      },
      null,
      2,
    ),
  );
}

async function startCodeServer(profile, { trusted }) {
  const port = await freePort();
  const flags = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    profile.userData,
    '--extensions-dir',
    profile.extensions,
  ];
  if (trusted) flags.push('--disable-workspace-trust');
  flags.push(profile.workspace);
  // Own process group: the extension host and the language server outlive the main process briefly.
  const child = spawn(codeServer, flags, { env: profile.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`code-server exited early:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url: `${url}/?folder=${encodeURIComponent(profile.workspace)}`,
    output: () => output,
    stop() {
      try {
        process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

async function openWorkbench(browser, server, consoleLines) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('console', (message) => consoleLines.push(message.text()));
  await page.goto(server.url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
  return page;
}

// ---------------------------------------------------------------------------------------------
// UI helpers (selectors recorded in shared/docs/e2e-in-real-vscode.md)

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

async function openFile(page, relativePath) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(relativePath);
  const base = path.basename(relativePath);
  const folder = path.basename(path.dirname(relativePath));
  const row = page
    .locator('.quick-input-list .monaco-list-row', { hasText: base })
    .filter({ hasText: folder === '.' ? base : folder })
    .first();
  await row.waitFor({ timeout: TIMEOUT });
  await row.click();
  await page.locator('.tabs-container .tab', { hasText: base }).first().waitFor({ timeout: TIMEOUT });
  await page.locator('.editor-instance .view-lines').first().waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(500);
}

/** Puts the cursor on the first occurrence of `text` in the active editor (via Find, so it works off-screen). */
async function goToText(page, text) {
  await page.keyboard.press('Control+F');
  const find = page.locator('.editor-widget.find-widget textarea, .editor-widget.find-widget input').first();
  await find.waitFor({ state: 'visible', timeout: TIMEOUT });
  await find.fill(text);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(200);
}

async function hoverText(page, text) {
  const span = page.locator('.editor-instance .view-line span span', { hasText: text }).first();
  await span.waitFor({ timeout: TIMEOUT });
  const box = await span.boundingBox();
  if (!box) throw new Error(`no box for ${text}`);
  await page.mouse.move(box.x + Math.min(8, box.width / 2), box.y + box.height / 2);
  await page.waitForTimeout(100);
  await page.mouse.move(box.x + Math.min(10, box.width / 2), box.y + box.height / 2);
}

async function hoverContent(page, expected) {
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-row .rendered-markdown', { hasText: expected }).first();
  await hover.waitFor({ timeout: TIMEOUT });
  return (await page.locator('.monaco-hover:not(.hidden) .hover-row .rendered-markdown').allInnerTexts()).join('\n');
}

async function problemRows(page) {
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.first().waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(500);
  return rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
}

async function editorText(page) {
  return (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// Scenarios: each gets a fresh page on the shared code-server; each saves a screenshot.

const BROKEN = 'broken/roles.json';
const TOKEN_MAPPING = 'user-pool-groups/roles.json';
const RULES_MAPPING = 'google-and-user-pool-rules/roles.json';
const TOKEN_FILE = 'tokens/photoshare-admin.jwt';

const scenarios = {
  async problems(page) {
    await openFile(page, BROKEN);
    await page.keyboard.press('Control+Shift+M');
    // VS Code's own JSON warnings can come first: wait for ours (the workspace is indexed before they show).
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: /MatchType|invalid-enum-value/ })
      .first()
      .waitFor({ timeout: TIMEOUT });
    const rows = await problemRows(page);
    const text = rows.join('\n');
    assert(/invalid-enum-value|MatchType/.test(text), `Problems panel lacks the MatchType error:\n${text}`);
    assert(/identity-pool-roles/.test(text), `Problems rows do not name our source:\n${text}`);
    return `${rows.length} problems`;
  },

  async completion(page) {
    await openFile(page, RULES_MAPPING);
    // Put the cursor at the start of the MatchType value, inside its quotes, and ask for completions there.
    await goToText(page, 'StartsWith');
    await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(300);
    await page.keyboard.press('Control+Space');
    const rows = page.locator('.suggest-widget .monaco-list-row');
    await rows.first().waitFor({ timeout: TIMEOUT });
    const labels = await rows.allInnerTexts();
    const text = labels.join(' ');
    assert(/Equals/.test(text) && /StartsWith/.test(text) && /NotEqual/.test(text), `MatchType completion lacks values: ${text}`);
    await page.keyboard.press('Escape');
    return text.replace(/\s+/g, ' ').slice(0, 120);
  },

  async fieldHover(page) {
    await openFile(page, RULES_MAPPING);
    await hoverText(page, 'AmbiguousRoleResolution');
    const text = await hoverContent(page, 'AmbiguousRoleResolution');
    assert(/Deny|AuthenticatedRole/.test(text), `field hover does not explain the values:\n${text}`);
    return text.split('\n')[0];
  },

  async jwtHover(page) {
    await openFile(page, TOKEN_FILE);
    await hoverText(page, 'eyJ');
    const text = await hoverContent(page, 'cognito:groups');
    assert(/arn:aws:iam::\d{12}:role\//.test(text), `JWT hover shows no mapped role:\n${text}`);
    assert(/exp/.test(text), `JWT hover shows no expiry:\n${text}`);
    return text.split('\n').find((l) => /role\//.test(l)) ?? '';
  },

  async quickFix(page) {
    await openFile(page, BROKEN);
    await goToText(page, '"Equal"');
    // Collapse the find selection and put the cursor inside the value, on the diagnostic.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+.');
    // The quick-fix menu lists "Change to Equals" first (nearest valid value) and focuses it.
    await page.getByText('Change to Equals').first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(800);
    const text = await editorText(page);
    assert(/"Equals"/.test(text), `quick fix did not write "Equals":\n${text.slice(0, 400)}`);
    return 'Equal → Equals';
  },

  async treeView(page) {
    await page.locator('.activitybar .action-item a[aria-label^="Identity Pools"], .activitybar [aria-label^="Identity Pools"]').first().click();
    const rows = page.locator('.pane-body .monaco-list-row');
    await rows.first().waitFor({ timeout: TIMEOUT });
    // Expand the first pool and its first provider.
    await rows.first().click();
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(500);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(800);
    const labels = await page.locator('.pane-body .monaco-list-row .label-name').allInnerTexts();
    const text = labels.join(' | ');
    assert(labels.length >= 3, `tree has too few items: ${text}`);
    assert(/Roles/.test(text), `tree lacks the Roles branch: ${text}`);
    return text.slice(0, 160);
  },

  async simulateGuest(page) {
    await openFile(page, TOKEN_MAPPING);
    await runCommand(page, 'Identity Pool Roles: Simulate guest access');
    await pickFirstIfAsked(page);
    await page
      .locator('.tabs-container .tab', { hasText: /simulation/i })
      .first()
      .waitFor({ timeout: TIMEOUT });
    const text = await editorText(page);
    assert(/Outcome/i.test(text), `no report opened:\n${text.slice(0, 300)}`);
    return text.split('\n').find((l) => /Outcome/i.test(l)) ?? '';
  },

  async simulateToken(page) {
    await openFile(page, TOKEN_FILE);
    await page.keyboard.press('Control+A');
    await runCommand(page, 'Identity Pool Roles: Simulate token…');
    await choosePool(page, 'PhotoShareIdentities');
    await page
      .locator('.tabs-container .tab', { hasText: /simulation/i })
      .first()
      .waitFor({ timeout: TIMEOUT });
    const text = await editorText(page);
    assert(/arn:aws:iam::\d{12}:role\//.test(text), `token simulation report names no role:\n${text.slice(0, 400)}`);
    return text.split('\n').find((l) => /Role/.test(l)) ?? '';
  },

  async simulateClaims(page) {
    await runCommand(page, 'Identity Pool Roles: Simulate claims…');
    await pickFirstIfAsked(page);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(JSON.stringify({ iss: 'https://accounts.google.com', aud: 'x', sub: '1', hd: 'example.com' }));
    await page.keyboard.press('Enter');
    await page
      .locator('.tabs-container .tab', { hasText: /simulation/i })
      .first()
      .waitFor({ timeout: TIMEOUT });
    const text = await editorText(page);
    assert(/Outcome/i.test(text), `no claims report:\n${text.slice(0, 300)}`);
    return text.split('\n').find((l) => /Outcome/i.test(l)) ?? '';
  },

  async testExplorer(page) {
    // The Test Explorer lists the examples' role-test cases; running them all marks the deliberately failing one.
    // The Testing view's activity bar item (its command title differs between VS Code versions).
    await page.locator('.activitybar .action-item a[aria-label^="Testing"]').first().click();
    const rows = page.locator('.test-explorer .monaco-list-row');
    await rows.first().waitFor({ timeout: TIMEOUT });
    await runCommand(page, 'Test: Run All Tests');
    await page.locator('.test-explorer .monaco-list-row .codicon-testing-failed-icon').first().waitFor({ timeout: TIMEOUT });
    // Expand everything so the cases show (a file item expands to its cases).
    await page.locator('.test-explorer').first().click();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowRight');
    }
    await page.waitForTimeout(800);
    const labels = (await rows.allInnerTexts()).join(' | ');
    assert(/role-tests/.test(labels), `the Test Explorer lists no role-test file: ${labels.slice(0, 300)}`);
    const failed = await page.locator('.test-explorer .monaco-list-row .codicon-testing-failed-icon').count();
    const passedCount = await page.locator('.test-explorer .monaco-list-row .codicon-testing-passed-icon').count();
    assert(failed >= 1, 'no case is marked failed');
    assert(passedCount >= 3, `too few cases marked passed (${passedCount}): ${labels.slice(0, 300)}`);
    return `${passedCount} passed, ${failed} failed rows`;
  },

  async decodeToken(page) {
    await openFile(page, TOKEN_FILE);
    await page.keyboard.press('Control+A');
    await runCommand(page, 'Identity Pool Roles: Decode token');
    await page
      .locator('.tabs-container .tab', { hasText: /decoded/i })
      .first()
      .waitFor({ timeout: TIMEOUT });
    const text = await editorText(page);
    assert(/cognito:username|sub/.test(text), `decoded token lacks claims:\n${text.slice(0, 300)}`);
    return 'decoded';
  },

  async whoGetsWhichRole(page) {
    // Issue 13: the "who gets which role" code lens over a mapping opens the analysis report, source and rendered preview.
    await openFile(page, RULES_MAPPING);
    const lens = page.locator('.codelens-decoration a', { hasText: 'who gets which role' }).first();
    await lens.waitFor({ timeout: TIMEOUT });
    await lens.click();
    await page
      .locator('.tabs-container .tab', { hasText: /Preview Who gets which role/i })
      .first()
      .waitFor({ timeout: TIMEOUT });
    const text = await editorText(page);
    assert(/# Who gets which role/.test(text), `no analysis report source:\n${text.slice(0, 300)}`);
    assert(/arn:aws:iam::\d{12}:role\//.test(text), `the analysis report names no role:\n${text.slice(0, 400)}`);
    assert(/Who gets which role/.test(text.split('### ')[1] ?? ''), `the analysis report has no "who gets which role" section:\n${text.slice(0, 400)}`);
    return text.split('\n').find((l) => /^#### /.test(l)) ?? '';
  },

  async terraform(page) {
    // Issue 12: a .tf file (plain text here: HashiCorp's extension is not installed) gets our diagnostic,
    // completion of match_type values, and its module's pool shows in the tree by its address.
    await openFile(page, 'terraform-photos/iam.tf');
    // Completion first, while the editor has the focus (the Problems panel takes it).
    await goToText(page, '"Equal"');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('.suggest-widget .monaco-list-row');
    await suggestions.first().waitFor({ timeout: TIMEOUT });
    const labels = (await suggestions.allInnerTexts()).join(' ');
    assert(/Equals/.test(labels) && /StartsWith/.test(labels) && /NotEqual/.test(labels), `match_type completion lacks values: ${labels}`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    const rows = await problemRows(page);
    const problems = rows.join('\n');
    assert(/match_type/.test(problems) && /identity-pool-roles/.test(problems), `Problems lacks the match_type error of iam.tf:\n${problems}`);
    await page.locator('.activitybar .action-item a[aria-label^="Identity Pools"], .activitybar [aria-label^="Identity Pools"]').first().click();
    const pool = page.locator('.pane-body .monaco-list-row .label-name', { hasText: 'aws_cognito_identity_pool.main' }).first();
    await pool.waitFor({ timeout: TIMEOUT });
    return `${rows.length} problems; ${labels.replace(/\s+/g, ' ').slice(0, 60)}; tree: ${await pool.innerText()}`;
  },

  async simulatePermissions(page) {
    // Issue 19: the token simulation report says what the mapped role allows, from the template's policies.
    // The admin token gets AdminsRole of photo-share.yaml, whose inline policy `manage-photos` allows
    // s3:DeleteObject. The .vsix carries the derived IAM action catalogue (dist/iam-actions.json), so the
    // summary gives access levels: s3 Read and Write.
    await openFile(page, TOKEN_FILE);
    await page.keyboard.press('Control+A');
    await runCommand(page, 'Identity Pool Roles: Simulate token…');
    await choosePool(page, 'photo-share.yaml');
    const reportTab = page.locator('.tabs-container .tab', { hasText: /simulation/i }).first();
    await reportTab.waitFor({ timeout: TIMEOUT });
    // The report opens beside its preview: the find below must go to the source, not to the preview's webview.
    await reportTab.click();
    await goToText(page, 'What this identity can do');
    const text = await editorText(page);
    // The report is Markdown source: text from files is escaped (`manage\-photos`, `photo\-share\.yaml`), and
    // the editor wraps long lines, so the section is checked as a whole, from its heading to the next one.
    const start = text.indexOf('What this identity can do');
    assert(start >= 0, `the report has no permissions section:\n${text.slice(0, 600)}`);
    const end = text.indexOf('###', start);
    const section = text.slice(start, end > start ? end : undefined);
    assert(/s3:DeleteObject/.test(section) && /manage\\?-photos/.test(section), `the permissions section lacks manage-photos:\n${section}`);
    assert(/s3\\?: Read, Write/.test(section), `the permissions summary has no access levels (is dist/iam-actions.json in the .vsix?):\n${section}`);
    // Linked to its line in this pool's template (photo-share-broken.yaml defines a role with the same ARN).
    assert(/\(photo\\?-share\\?\.yaml:\d+\)/.test(section), `the statement is not linked to photo-share.yaml:\n${section}`);
    assert(!/broken/.test(section), `the statement comes from another template:\n${section}`);
    return (section.split('\n').find((l) => /manage\\?-photos/.test(l)) ?? '').trim();
  },

  async whoCan(page) {
    // Issue 19: "Who can do this?" asks an action and a resource, then a pool, and reports every role that
    // allows it with a witness identity: in photo-share.yaml only AdminsRole (manage-photos) may delete
    // photos, and a token whose cognito:groups holds "admins" gets it; guests cannot.
    await runCommand(page, 'Identity Pool Roles: Who can do this? (an action on a resource)');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill('s3:DeleteObject');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: /The resource/ }).waitFor({ timeout: TIMEOUT });
    await input.fill('arn:aws:s3:::photoshare-photos-example/albums/1.jpg');
    await page.keyboard.press('Enter');
    await choosePool(page, 'photo-share.yaml');
    const reportTab = page.locator('.tabs-container .tab', { hasText: /who can/i }).first();
    await reportTab.waitFor({ timeout: TIMEOUT });
    await reportTab.click(); // the find goes to the report's source, not to its preview
    await goToText(page, 'photoshare-admins');
    const text = await editorText(page);
    assert(/photoshare\\?-admins/.test(text), `the report does not name the admins role:\n${text.slice(0, 800)}`);
    assert(/manage\\?-photos/.test(text), `the report does not name the deciding statement:\n${text.slice(0, 800)}`);
    // Escaped Markdown source: `cognito\:groups`.
    assert(/cognito\\?:groups/.test(text) && /admins/.test(text), `the report gives no witness claims:\n${text.slice(0, 800)}`);
    return (text.split('\n').find((l) => /guests/i.test(l)) ?? '').trim();
  },
};

/** Picks the pool whose label contains `label` in the pool picker. */
async function choosePool(page, label) {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: TIMEOUT });
  await row.click();
}

async function pickFirstIfAsked(page) {
  const picker = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
  try {
    await picker.waitFor({ timeout: 3000 });
    const title = (await page.locator('.quick-input-widget').innerText()).toLowerCase();
    if (/pool/.test(title)) await page.keyboard.press('Enter');
  } catch {
    /* only one pool: no picker */
  }
}

// ---------------------------------------------------------------------------------------------
// The web worker extension host (issue 18: vscode.dev, github.dev). The same installed .vsix, with
// `remote.extensionKind` set to `web`: its `browser` entry runs in the workbench's web worker and starts the
// language server in a nested web worker, which reads the workspace through the client (`vscode-remote://`).

/** The web scenarios: the Node scenarios of the same name, each then checked to have run in the web worker host. */
const webScenarios = {
  problems: scenarios.problems,
  completion: scenarios.completion,
  async jwtHover(page) {
    // The role answer (not just the claims, which name a role too), with the signature checked by WebCrypto
    // against the JWKS file the server read through the editor.
    await openFile(page, TOKEN_FILE);
    await hoverText(page, 'eyJ');
    const text = await hoverContent(page, 'Role from each identity pool');
    const answer = text.split('Role from each identity pool')[1] ?? '';
    assert(/PhotoShareIdentities: role arn:aws:iam::111122223333:role\/PhotoShare-Admins/.test(answer), `the JWT hover gives no role answer:\n${answer}`);
    assert(/Signature: The RS256 signature is valid/.test(text), `the JWT hover did not verify the signature:\n${text}`);
    return (answer.split('\n').find((l) => /PhotoShareIdentities/.test(l)) ?? '').trim();
  },
  treeView: scenarios.treeView,
  simulateToken: scenarios.simulateToken,
  // Terraform in the browser: web-tree-sitter's wasm fetched through readAsset in the server worker.
  terraform: scenarios.terraform,
  whoCan: scenarios.whoCan,
};

/** The Node extension host logs of this code-server run (`remoteexthost.log`, one per window). */
function nodeHostLogs(profile) {
  const logs = path.join(profile.userData, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('remoteexthost.log'))
    .map((file) => path.join(logs, file));
}

/**
 * Proves that the page's extension ran in the web worker host: the browser client said so from a
 * `DedicatedWorkerGlobalScope` without `process`, and no Node extension host of the run activated it
 * (while those hosts did run: they activate built-in extensions, and log it).
 */
function assertWebWorkerHost(pageConsole, profile, nodeLogsBefore) {
  assert(
    pageConsole.some((line) => WEB_WORKER_HOST_MARK.test(line)),
    `the extension did not report running in the web worker host:\n${pageConsole.filter((l) => /identity-pool/i.test(l)).join('\n')}`,
  );
  const logs = nodeHostLogs(profile).filter((file) => !nodeLogsBefore.has(file));
  const activatedInNode = logs.filter((file) => readFileSync(file, 'utf8').includes(`_doActivateExtension ${EXTENSION_ID}`));
  assert(activatedInNode.length === 0, `the Node extension host activated the extension: ${activatedInNode.join(', ')}`);
  return `web worker host (client in DedicatedWorkerGlobalScope, no process; ${logs.length} Node host log(s) without its activation)`;
}

async function webPhase(browser, profile) {
  writeSettings(profile, { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } });
  // A code-server stopped just before leaves its extension host for ~2 s (shared/docs/e2e-in-real-vscode.md).
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const nodeLogsBefore = new Set(nodeHostLogs(profile));
  // Control for the check below: after the Node phase, its hosts' logs do name the extension's activation.
  const activationLogged = (file) => readFileSync(file, 'utf8').includes(`_doActivateExtension ${EXTENSION_ID}`);
  if (nodeLogsBefore.size > 0) {
    const control = [...nodeLogsBefore].some(activationLogged);
    log(
      `web phase: the Node phase's extension host logs ${control ? 'name' : 'do NOT name (the check below proves less)'} "_doActivateExtension ${EXTENSION_ID}"`,
    );
  }
  const server = await startCodeServer(profile, { trusted: true });
  let passed = 0;
  let failed = 0;
  try {
    const names = Object.keys(webScenarios).filter((n) => only.length === 0 || only.includes(n) || only.includes(`web:${n}`));
    for (const name of names) {
      for (let attempt = 1; attempt <= 2; attempt++) {
        const started = Date.now();
        const pageConsole = [];
        const page = await openWorkbench(browser, server, pageConsole);
        try {
          const detail = await webScenarios[name](page);
          const host = assertWebWorkerHost(pageConsole, profile, nodeLogsBefore);
          passed++;
          log(`ok web:${name} (${Date.now() - started} ms${attempt > 1 ? ', on retry' : ''}) ${detail ?? ''} [${host}]`);
          break;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (attempt === 2) {
            failed++;
            log(`not ok web:${name}: ${message}`);
            const notifications = await page
              .locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message')
              .allInnerTexts()
              .catch(() => []);
            if (notifications.length) log(`--- notifications ---\n${notifications.join('\n')}`);
            const lines = pageConsole.filter((l) => /Extension Host|identity-pool|worker|error/i.test(l)).slice(-30);
            if (lines.length) log(`--- page console (last lines) ---\n${lines.join('\n')}`);
          } else {
            log(`retrying web:${name}: ${message.split('\n')[0]}`);
          }
        } finally {
          await page.screenshot({ path: path.join(shotsDir, `web-${name}.png`) }).catch(() => {});
          await page.context().close();
        }
      }
    }
  } finally {
    server.stop();
    writeSettings(profile, {});
  }
  return { passed, failed };
}

async function restrictedWorkspace(browser, vsix) {
  const profile = prepareProfile('untrusted', vsix);
  const server = await startCodeServer(profile, { trusted: false });
  const consoleLines = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.goto(server.url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // Answer the trust prompt (if any) with "don't trust": restricted mode.
    const dontTrust = page.locator('.monaco-dialog-box .monaco-button', { hasText: /No|Don't Trust|Restricted/i }).first();
    try {
      await dontTrust.waitFor({ timeout: 8000 });
      await dontTrust.click();
    } catch {
      /* no dialog */
    }
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
    await openFile(page, BROKEN);
    await page.keyboard.press('Control+Shift+M');
    const rows = await problemRows(page);
    await page.screenshot({ path: path.join(shotsDir, 'restricted-workspace.png') });
    assert(
      rows.some((r) => /identity-pool-roles/.test(r)),
      `no diagnostics in restricted mode:\n${rows.join('\n')}`,
    );
    await context.close();
    return `${rows.length} problems in restricted mode`;
  } finally {
    server.stop();
    if (!keep) rmSync(profile.dir, { recursive: true, force: true });
  }
}

/** `--serve`: the packaged extension in code-server on a copy of examples/, until Ctrl+C. */
async function serveForAPerson() {
  const vsix = packageExtension();
  const profile = prepareProfile('try', vsix);
  const server = await startCodeServer(profile, { trusted: true });
  log(
    `\nIdentity Pool Roles is running in VS Code (code-server) on a copy of examples/:\n\n  ${server.url}\n\nOpen that URL in a browser on this machine. Press Ctrl+C to stop.`,
  );
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {});
}

async function main() {
  if (serve) return serveForAPerson();
  if (!existsSync(codeServer)) throw new Error('code-server is not installed: run test/e2e/install.sh');
  if (!existsSync(chromiumPath)) throw new Error(`chromium not found at ${chromiumPath} (apt-get install chromium)`);
  mkdirSync(shotsDir, { recursive: true });
  const vsix = packageExtension();
  const profile = prepareProfile('trusted', vsix);
  const server = runNode ? await startCodeServer(profile, { trusted: true }) : undefined;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
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
  });
  let passed = 0;
  let failed = 0;
  const consoleLines = [];
  try {
    const names = runNode ? Object.keys(scenarios).filter((n) => only.length === 0 || only.includes(n)) : [];
    for (const name of names) {
      // A UI scenario gets one retry on a fresh page: a real defect fails twice, a slow paint does not.
      for (let attempt = 1; attempt <= 2; attempt++) {
        const started = Date.now();
        const page = await openWorkbench(browser, server, consoleLines);
        try {
          const detail = await scenarios[name](page);
          passed++;
          log(`ok ${name} (${Date.now() - started} ms${attempt > 1 ? ', on retry' : ''}) ${detail ?? ''}`);
          break;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (attempt === 2) {
            failed++;
            log(`not ok ${name}: ${message}`);
          } else {
            log(`retrying ${name}: ${message.split('\n')[0]}`);
          }
        } finally {
          await page.screenshot({ path: path.join(shotsDir, `${name}.png`) }).catch(() => {});
          await page.context().close();
        }
      }
    }
    // The Node server stops first: the web phase restarts code-server on the same profile and installation.
    server?.stop();
    if (runWeb) {
      const web = await webPhase(browser, profile);
      passed += web.passed;
      failed += web.failed;
    }
    if (runNode && (only.length === 0 || only.includes('restricted'))) {
      try {
        log(`ok restricted ${await restrictedWorkspace(browser, vsix)}`);
        passed++;
      } catch (error) {
        failed++;
        log(`not ok restricted: ${error instanceof Error ? error.message : error}`);
      }
    }
  } finally {
    await browser.close();
    server?.stop();
    if (failed > 0) {
      const extensionHost = consoleLines.filter((l) => /Extension Host|identity-pool/i.test(l)).slice(-40);
      if (extensionHost.length) log(`--- extension host console (last lines) ---\n${extensionHost.join('\n')}`);
    }
    if (!keep) rmSync(profile.dir, { recursive: true, force: true });
  }
  log(`e2e: ${passed} passed, ${failed} failed (screenshots in ${path.relative(root, shotsDir)}/: ${readdirSync(shotsDir).length} files)`);
  log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`e2e: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
