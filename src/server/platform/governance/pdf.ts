import { chromium, type Browser } from 'playwright-core';

/**
 * Prints a compliance report's HTML to PDF with headless Chromium (Debian's `chromium`, driven by
 * playwright-core): A4, backgrounds printed (status colours carry meaning), page numbers in the
 * footer. Launching Chromium takes about a second; a server printing often passes its own
 * long-lived browser.
 */

export const CHROMIUM_PATH = process.env.RAMPART_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(executablePath: string = CHROMIUM_PATH): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  } catch (err) {
    throw new Error(`cannot start Chromium at ${executablePath} (install the Debian package chromium, or set RAMPART_CHROMIUM): ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}

export async function renderCompliancePdf(html: string, options: { browser?: Browser; timeoutMs?: number } = {}): Promise<Buffer> {
  const browser = options.browser ?? (await launchChromium());
  // The report is self-contained: the context never needs the network, and gets none.
  const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: options.timeoutMs ?? 30_000 });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="width:100%;font-size:8px;color:#616e7c;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      margin: { top: '14mm', bottom: '16mm', left: '14mm', right: '14mm' },
    });
    return pdf;
  } finally {
    await context.close();
    if (!options.browser) await browser.close();
  }
}
