import type { BrowserContext, Locator, Page } from 'playwright';

/** Page object for the extension popup, opened as a tab (Playwright cannot click the toolbar icon). */
export class PopupPage {
  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<PopupPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/extension/popup/index.html`);
    return new PopupPage(page);
  }

  get headline(): Locator {
    return this.page.locator('#link-headline');
  }
  get detail(): Locator {
    return this.page.locator('#link-detail');
  }
  get pairing(): Locator {
    return this.page.locator('#link-pairing');
  }
  get tabs(): Locator {
    return this.page.locator('#tabs li');
  }
  get requests(): Locator {
    return this.page.locator('#requests li');
  }

  async pasteToken(token: string): Promise<void> {
    const details = this.page.locator('#pairing');
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await this.page.locator('#pairing summary').click();
    await this.page.locator('#token').fill(token);
    await this.page.getByRole('button', { name: 'Save' }).click();
  }

  async setWorkerTabCount(n: number): Promise<void> {
    await this.page.locator('#tab-count').selectOption(String(n));
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
