// Runs pa11y (WCAG2AA, HTML_CodeSniffer) on each URL given, in a light and a dark colour
// scheme, in Debian's chromium; prints one JSON object: {"<scheme> <url>": [issues]}.
//
//   node pa11y-pages.mjs [--chromium /usr/bin/chromium] URL...
//
// One browser serves every page: launching chromium per page would cost more than the checks.
import pa11y from "pa11y";
import puppeteer from "puppeteer";

const args = process.argv.slice(2);
let executablePath = "/usr/bin/chromium";
const at = args.indexOf("--chromium");
if (at >= 0) {
  executablePath = args[at + 1];
  args.splice(at, 2);
}
const chromeLaunchConfig = {
  executablePath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

const browser = await puppeteer.launch(chromeLaunchConfig);
const found = {};
try {
  for (const scheme of ["light", "dark"]) {
    const page = await browser.newPage();
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    for (const url of args) {
      const result = await pa11y(url, {
        browser,
        page,
        chromeLaunchConfig,
        standard: "WCAG2AA",
        runners: ["htmlcs"],
        includeWarnings: false,
        includeNotices: false,
        timeout: 30000,
      });
      found[`${scheme} ${url}`] = result.issues.map((issue) => ({
        code: issue.code,
        message: issue.message,
        selector: issue.selector,
        context: issue.context,
      }));
    }
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(found));
