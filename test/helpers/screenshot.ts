// Takes the README's screenshots with the same headless Chromium the browser tests use:
//   node dist/test/helpers/screenshot.js <url> <out.png> [--click "User Metadata"] [--full] [--width 1280] [--height 800]
// then `pngquant --force --output out.png 64 out.png` keeps each file small (see docs/screenshots.md).
import { launchChromium } from './browser';

async function main(): Promise<void> {
  const [url, out, ...rest] = process.argv.slice(2);
  if (!url || !out) throw new Error('usage: screenshot.js <url> <out.png> [--click TEXT] [--full] [--width N] [--height N]');
  const flag = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: Number(flag('--width') ?? 1280), height: Number(flag('--height') ?? 800) } });
    await page.goto(url, { waitUntil: 'networkidle' });
    const click = flag('--click');
    if (click) await page.getByText(click, { exact: true }).first().click();
    // The Temporal Web UI keeps loading after the network is idle.
    await page.waitForTimeout(2000);
    await page.screenshot({ path: out, fullPage: rest.includes('--full') });
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
