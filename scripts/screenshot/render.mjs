// Renders tmux `capture-pane -e -p -N` output to PNG with xterm.js (WebGL renderer)
// in Debian's headless Chromium. Used by scripts/screenshots.sh; see its header.
//
//   node render.mjs COLSxROWS CAPTURE_FILE OUT.png [COLSxROWS CAPTURE_FILE OUT.png ...]
//
// Several shots per call, because starting Chromium is most of the cost.
// Env: SHOT_FONT_SIZE (default 16), SHOT_PADDING in px (default 8).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fontSize = Number(process.env.SHOT_FONT_SIZE || 16);
const padding = Number(process.env.SHOT_PADDING ?? 8);

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 3 !== 0) {
  console.error('usage: render.mjs COLSxROWS CAPTURE_FILE OUT.png [...]');
  process.exit(2);
}
const jobs = [];
for (let i = 0; i < args.length; i += 3) {
  const m = /^(\d+)x(\d+)$/.exec(args[i]);
  if (!m) throw new Error(`bad size ${args[i]}`);
  jobs.push({ cols: +m[1], rows: +m[2], input: args[i + 1], output: args[i + 2] });
}

// tmux reports named colours as indexes 0-15, so every one of them must be set here,
// or xterm.js's own defaults leak in. Tango-like palette on a near-black background.
const theme = {
  background: '#1c1c1c', foreground: '#d0d0d0',
  cursor: '#d0d0d0', cursorAccent: '#1c1c1c',
  black: '#2e3436', red: '#cc0000', green: '#4e9a06', yellow: '#c4a000',
  blue: '#3465a4', magenta: '#75507b', cyan: '#06989a', white: '#d3d7cf',
  brightBlack: '#555753', brightRed: '#ef2929', brightGreen: '#8ae234', brightYellow: '#fce94f',
  brightBlue: '#729fcf', brightMagenta: '#ad7fa8', brightCyan: '#34e2e2', brightWhite: '#eeeeec',
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  // swiftshader gives the WebGL addon a software GL; the WebGL renderer draws
  // box-drawing/block characters itself, so borders join without gaps.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--enable-unsafe-swiftshader'],
});
try {
  // deviceScaleFactor 2 broke the WebGL output; raise SHOT_FONT_SIZE for bigger images.
  const page = await browser.newPage({ deviceScaleFactor: 1, viewport: { width: 4000, height: 3000 } });
  page.on('console', (msg) => { if (msg.type() === 'error') console.error('[page]', msg.text()); });
  await page.setContent(`<!doctype html><html><head><style>
      html, body { margin: 0; background: ${theme.background}; }
      #wrap { display: inline-block; padding: ${padding}px; background: ${theme.background}; }
    </style></head><body><div id="wrap"><div id="screen"></div></div></body></html>`);
  await page.addStyleTag({ path: require.resolve('@xterm/xterm/css/xterm.css') });
  for (const mod of ['@xterm/xterm', '@xterm/addon-webgl', '@xterm/addon-unicode11']) {
    await page.addScriptTag({ path: require.resolve(mod) });
  }

  for (const job of jobs) {
    // The capture ends each line with \n; a terminal needs \r\n to return to column 0.
    // A trailing newline is dropped: on the last row it would scroll the screen up.
    const data = readFileSync(job.input, 'utf8').replace(/\n$/, '').replace(/\r?\n/g, '\r\n');
    await page.evaluate(async ({ job, data, theme, fontSize }) => {
      window.shotTerm?.dispose();
      const term = new Terminal({
        cols: job.cols, rows: job.rows, scrollback: 0,
        // DejaVu Sans Mono has every glyph the app uses (box drawing, blocks, ♨ ❄ ○ ⚠ ✓ ☐ ☑ ▶)
        // at exactly one cell, so it must come first: the generic `monospace` alone resolves
        // to a font without ♨ ❄ ⚠ ☐ ☑ ✓ here, and Chromium then borrows them from proportional
        // DejaVu Sans (1.4-1.5 cells) or Noto Color Emoji (2 cells). `monospace` after it only
        // serves glyphs DejaVu lacks (CJK, emoji), which are two cells wide anyway.
        fontFamily: '"DejaVu Sans Mono", monospace', fontSize,
        theme, allowProposedApi: true, cursorBlink: false,
        drawBoldTextInBrightColors: true,
      });
      const unicode = new Unicode11Addon.Unicode11Addon();
      term.loadAddon(unicode);
      term.unicode.activeVersion = '11';
      term.open(document.getElementById("screen"));
      const webgl = new WebglAddon.WebglAddon();
      webgl.onContextLoss(() => { throw new Error('WebGL context lost'); });
      term.loadAddon(webgl); // throws if there is no WebGL: better no image than a DOM-rendered one
      term.focus(); // unfocused, xterm.js drew no cursor at all
      window.shotTerm = term;
      await new Promise((resolve) => term.write(data, resolve));
      // Let the renderer draw the frame it scheduled.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }, { job, data, theme, fontSize });
    await page.locator('#wrap').screenshot({ path: job.output });
    console.log(job.output);
  }
} finally {
  await browser.close();
}
