// Opens a report page in Debian's Chromium, headless, and fails on anything a reader would
// notice or that the page promises not to do.
//
//   node report_browser_test.mjs <index.html> <screenshot.png> [min_charts]
//        [--english MARKERS | --no-english MARKERS]
//
// Checks: no console error or warning (vega logs its own warnings there), no uncaught page
// error, no request other than file: and data: (the page must work offline and must not
// even try the network), every div.chart drawn as an SVG or canvas within 30 s, at least
// min_charts of them, each chart's actions menu offering SVG export (and none of the online
// links), and the SVG export of a chart producing an SVG document. At 1280 and 800 px wide:
// nothing wider than the page, and the overlap of sources (#source-overlap, when there is
// one) showing every combination without a box that scrolls. With a markers file (one
// phrase a line, # for comments): --english checks that the page's visible text (its
// innerText and the text of every chart's SVG) shows each phrase, --no-english that it
// shows none. Then a full-page screenshot. Exits 1 with every failure listed.
//
// playwright-core is resolved from web/node_modules: ZICHT_WEB_MODULES, else the folder
// web/node_modules beside this tests/ tree. ESM ignores NODE_PATH, hence createRequire.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const RENDER_TIMEOUT_MS = 30_000;

function die(message) {
  console.error(`report_browser_test: ${message}`);
  process.exit(1);
}

const [pagePath, screenshotPath, minChartsText = '1', markersMode, markersPath] = process.argv.slice(2);
if (!pagePath || !screenshotPath) {
  die('usage: node report_browser_test.mjs <index.html> <screenshot.png> [min_charts]');
}
const minCharts = Number.parseInt(minChartsText, 10);
if (!Number.isInteger(minCharts) || minCharts < 0) die(`min_charts "${minChartsText}" is not a count`);
if (!existsSync(pagePath)) die(`no page at ${pagePath}`);
if (markersMode && !['--english', '--no-english'].includes(markersMode)) die(`unknown option ${markersMode}`);
if (markersMode && !existsSync(markersPath ?? '')) die(`no markers file at ${markersPath}`);
const markers = markersMode
  ? readFileSync(markersPath, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  : [];

const here = path.dirname(fileURLToPath(import.meta.url));
const webModules = process.env.ZICHT_WEB_MODULES ?? path.resolve(here, '../../../web/node_modules');
if (!existsSync(path.join(webModules, 'playwright-core', 'package.json'))) {
  die(`playwright-core is not installed in ${webModules}: run \`npm ci --prefix web\` (make deps does it)`);
}
if (!existsSync(CHROMIUM)) {
  die(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; make deps does it)`);
}
const { chromium } = createRequire(path.join(webModules, 'noop.js'))('playwright-core');

// Run in the page at one viewport width: the failures found. Nothing may be wider than the
// page; the overlap chart must show each of its combinations (one label per combination in
// its bars panel, the data counted from the page's own chart specification) inside the
// page, and no box around or inside it may scroll.
function checkLayout(width) {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    found.push(`at ${width} px the page is ${root.scrollWidth} px wide: something overflows`);
  }
  const chart = document.getElementById('source-overlap');
  if (!chart) return found;
  const specs = JSON.parse(document.getElementById('zicht-charts').textContent).charts;
  const spec = specs.find((c) => c.id === 'source-overlap').spec;
  const panels = spec.hconcat ?? spec.vconcat ?? [spec];
  const bars = panels.find((p) => p.data?.values?.[0]?.name !== undefined);
  const combinations = bars ? bars.data.values.length : 0;
  const labels = [...chart.querySelectorAll('svg .mark-text.role-mark text')];
  if (labels.length !== combinations) {
    found.push(`at ${width} px the overlap chart labels ${labels.length} of ${combinations} combinations`);
  }
  const rows = new Set(labels.map((t) => Math.round(t.getBoundingClientRect().top)));
  if (rows.size !== combinations) {
    found.push(`at ${width} px the overlap chart draws its ${combinations} combinations in ${rows.size} rows`);
  }
  const box = chart.getBoundingClientRect();
  for (const label of labels) {
    const r = label.getBoundingClientRect();
    if (r.right > Math.min(box.right, window.innerWidth) + 1 || r.left < box.left - 1) {
      found.push(`at ${width} px the overlap label "${label.textContent}" lies outside the chart`);
      break;
    }
  }
  for (let e = chart.querySelector('svg'); e && e !== document.body; e = e.parentElement) {
    const style = getComputedStyle(e);
    const scrolls = [style.overflowX, style.overflowY].some((o) => o === 'auto' || o === 'scroll');
    if (scrolls && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)) {
      found.push(`at ${width} px the overlap chart sits in a box that scrolls (${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${e.className}: ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight})`);
    }
  }
  return found;
}

const failures = [];
const userDataDir = mkdtempSync(path.join(tmpdir(), 'zicht-chromium-'));
let context;
try {
  // Without the background-networking flags Chromium reaches for Google's services at start,
  // which this network refuses; they would also show up as requests below.
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1200, height: 900 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());

  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      failures.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  // Every request the page makes is seen here; only the page itself (file:) and data: URLs
  // are let through, anything else is recorded and aborted.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    failures.push(`request off the page: ${url}`);
    return route.abort();
  });
  page.on('requestfailed', (request) => {
    const url = request.url();
    if (url.startsWith('file:') || url.startsWith('data:')) {
      failures.push(`request failed: ${url}: ${request.failure()?.errorText}`);
    }
  });

  await page.goto(pathToFileURL(path.resolve(pagePath)).href, { waitUntil: 'load' });

  // The page sets <html data-charts> to "ready" or "failed" once every chart is done.
  try {
    await page.waitForFunction(
      () => {
        const charts = [...document.querySelectorAll('div.chart')];
        const drawn = charts.every((c) => c.querySelector('svg.marks, canvas.marks'));
        return document.documentElement.dataset.charts === 'failed' ||
          (document.documentElement.dataset.charts === 'ready' && drawn);
      },
      null, { timeout: RENDER_TIMEOUT_MS });
  } catch {
    failures.push(`the charts were not all drawn within ${RENDER_TIMEOUT_MS / 1000} s`);
  }

  const charts = await page.$$eval('div.chart', (elements) => elements.map((element) => {
    const marks = element.querySelector('svg.marks, canvas.marks');
    const box = marks?.getBoundingClientRect();
    const links = [...element.querySelectorAll('.vega-actions a')];
    return {
      id: element.id,
      drawn: Boolean(marks),
      width: box ? Math.round(box.width) : 0,
      height: box ? Math.round(box.height) : 0,
      markCount: element.querySelectorAll('svg.marks path, svg.marks rect, svg.marks line, svg.marks text').length,
      actions: links.map((a) => a.textContent.trim()),
      online: links.filter((a) => /^https?:/.test(a.getAttribute('href') ?? ''))
        .map((a) => a.textContent.trim()),
      failed: element.classList.contains('chart-failed') ? element.textContent : '',
    };
  }));
  const state = await page.evaluate(() => document.documentElement.dataset.charts ?? '(unset)');
  if (state !== 'ready') failures.push(`the page reports its charts as "${state}", not "ready"`);
  if (charts.length < minCharts) {
    failures.push(`${charts.length} charts on the page, fewer than the ${minCharts} expected`);
  }
  for (const chart of charts) {
    const name = `chart #${chart.id}`;
    if (chart.failed) failures.push(`${name} failed: ${chart.failed}`);
    if (!chart.drawn) { failures.push(`${name} has no <svg> or <canvas>`); continue; }
    if (chart.width < 100 || chart.height < 60) {
      failures.push(`${name} is drawn only ${chart.width}x${chart.height} px`);
    }
    if (chart.markCount < 5) failures.push(`${name} has only ${chart.markCount} marks`);
    if (!chart.actions.some((a) => /SVG/.test(a))) {
      failures.push(`${name} has no SVG export in its actions menu (it has: ${chart.actions.join(', ') || 'nothing'})`);
    }
    if (!chart.actions.some((a) => /PNG/.test(a))) failures.push(`${name} has no PNG export in its actions menu`);
    if (chart.online.length > 0) failures.push(`${name} links online: ${chart.online.join(', ')}`);
    const others = chart.actions.filter((a) => !/SVG|PNG/.test(a));
    if (others.length > 0) {
      failures.push(`${name} offers more than image export (the editor and source open online): ${others.join(', ')}`);
    }
  }

  // The SVG export as a reader uses it: open the first chart's menu, click the SVG action,
  // and read what is downloaded.
  if (charts.length > 0 && charts[0].drawn) {
    const first = page.locator('div.chart').first();
    await first.locator('details summary').click();
    const link = first.locator('.vega-actions a', { hasText: 'SVG' });
    // vega-embed sets the link's href to the exported image on mousedown, asynchronously.
    await link.hover();
    await page.mouse.down();
    await page.waitForFunction((el) => el.getAttribute('href') && el.getAttribute('href') !== '#',
      await link.elementHandle(), { timeout: 10_000 });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }),
      page.mouse.up()]);
    const file = await download.path();
    const text = readFileSync(file, 'utf8');
    if (!/^<svg[\s>]/.test(text) || !text.includes('</svg>')) {
      failures.push(`the SVG export of #${charts[0].id} is not an SVG document: ${text.slice(0, 80)}`);
    }
    await page.keyboard.press('Escape');
    await page.mouse.click(5, 5);
  }

  if (markersMode) {
    const text = await page.evaluate(() => document.body.innerText + '\n' +
      [...document.querySelectorAll('div.chart svg text')].map((t) => t.textContent).join('\n'));
    for (const marker of markers) {
      const escaped = marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const shown = new RegExp(`(?<![\\p{L}_])${escaped}(?![\\p{L}_])`, 'iu').test(text);
      if (markersMode === '--english' && !shown) failures.push(`the page does not show "${marker}"`);
      if (markersMode === '--no-english' && shown) failures.push(`English on the page: "${marker}"`);
    }
  }

  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 900 });
    // vega redraws a chart of the container's width on resize; give it a moment.
    await page.waitForTimeout(500);
    failures.push(...(await page.evaluate(checkLayout, width)));
  }
  await page.setViewportSize({ width: 1200, height: 900 });

  mkdirSync(path.dirname(path.resolve(screenshotPath)), { recursive: true });
  await page.screenshot({ path: screenshotPath, fullPage: true });
  console.log(`report_browser_test: ${charts.length} charts drawn; screenshot ${screenshotPath}`);
} catch (error) {
  failures.push(`the test itself failed: ${error.stack ?? error}`);
} finally {
  await context?.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`report_browser_test: ${failures.length} failure(s) on ${pagePath}:`);
  for (const failure of failures) console.error(`  - ${failure}`);
  process.exit(1);
}
