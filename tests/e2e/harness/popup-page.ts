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
    return this.page.locator('#link-headline-text');
  }
  get detail(): Locator {
    return this.page.locator('#link-detail');
  }
  /** the one next step the popup tells the person to take */
  get nextStep(): Locator {
    return this.page.locator('#next-text');
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

  async openSettings(): Promise<void> {
    const details = this.page.locator('#pairing');
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
      await this.page.locator('#pairing summary').click();
  }

  async pasteToken(token: string, saveLabel = 'Save'): Promise<void> {
    await this.openSettings();
    await this.page.getByLabel(/Pairing token|配对令牌/).fill(token);
    await this.page.getByRole('button', { name: saveLabel }).click();
  }

  async setWorkerTabCount(n: number): Promise<void> {
    await this.openSettings();
    await this.page.locator('#tab-count').selectOption(String(n));
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
